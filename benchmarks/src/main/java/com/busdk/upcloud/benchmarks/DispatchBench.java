package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmarks 1 and 4: {@code bus.vm.status.request} events published over HTTP to the embedded
 * Events API and answered by the worker (static provider) or by the JDK-only baseline, in a closed
 * loop with a fixed number of requests outstanding; plus the processes' resident memory idle and
 * under that load.
 */
final class DispatchBench {
  static final String REQUEST = "bus.vm.status.request";
  static final String RESPONSE = "bus.vm.status.response";
  private static final int PUBLISHERS = 4;

  /** VM status, start and stop plus container status, run and delete: the static provider's. */
  private static final int WORKER_STREAMS = 6;

  private static final double MIB_128 = 128 * 1024;

  private final Layout layout;
  private final int events;
  private final int outstanding;

  DispatchBench(Layout layout, int events, int outstanding) {
    this.layout = layout;
    this.events = events;
    this.outstanding = outstanding;
  }

  /** The result of one responder under load: how it answered, and what it took. */
  record Run(String who, Pace pace, Footprint footprint) {}

  /** How fast {@code events} requests were answered, and how many failed. */
  record Pace(int events, double seconds, long p50Nanos, long p99Nanos, int errors) {
    double throughput() {
      return events / seconds;
    }
  }

  /** Resident memory (KiB) idle and under load, and the most threads seen under load. */
  record Footprint(long idleRssKib, long idlePeakKib, long loadPeakKib, int maxThreads) {}

  List<Figure> run() throws Exception {
    String payload;
    Run worker;
    // The run journal's file, as a deployed worker keeps one; VM status requests never write it.
    Path stateDir = Files.createTempDirectory("bench-dispatch-state-");
    try (EmbeddedEventsServer server = new EmbeddedEventsServer(0).start();
        BusClient client = new BusClient(server, "bench-requester", "w")) {
      client.listen(RESPONSE);
      Child child =
          Child.start(
              layout,
              "dispatch-worker",
              layout.worker(
                  "--events-url",
                  server.collectionUrl().toString(),
                  "--events-group",
                  "bench",
                  "--events-consumer",
                  "worker-1",
                  "--provider",
                  "static",
                  "--state-dir",
                  stateDir.toString()),
              Map.of("BUS_API_TOKEN", BusClient.workerToken(server, "bench-worker")));
      try (child) {
        BusClient.awaitStreams(server, 1 + WORKER_STREAMS, child);
        BusClient.Reply first = client.request(REQUEST, Map.of()).get(60, TimeUnit.SECONDS);
        payload = first.event().payloadAs(JsonNode.class).toString();
        worker = measure("worker", client, child);
      }
    }
    Path payloadFile = layout.logs().resolve("vm-status-payload.json");
    Files.writeString(payloadFile, payload);
    Run baseline;
    try (EmbeddedEventsServer server = new EmbeddedEventsServer(0).start();
        BusClient client = new BusClient(server, "bench-requester", "b")) {
      client.listen(RESPONSE);
      Child child =
          Child.start(
              layout,
              "dispatch-baseline",
              layout.benchJava(
                  MinimalResponder.class.getName(),
                  server.collectionUrl().toString(),
                  "bench",
                  "baseline-1",
                  payloadFile.toString(),
                  Integer.toString(outstanding)),
              Map.of("BUS_API_TOKEN", BusClient.workerToken(server, "bench-baseline")));
      try (child) {
        BusClient.awaitStreams(server, 2, child);
        client.request(REQUEST, Map.of()).get(60, TimeUnit.SECONDS);
        baseline = measure("baseline", client, child);
      }
    }
    return figures(worker, baseline);
  }

  private Run measure(String who, BusClient client, Child child) throws Exception {
    try (Sampler sampler = new Sampler(child)) {
      Thread.sleep(2000);
      ProcStatus idle = child.status();
      int warmup = Math.max(200, Math.min(4000, events / 5));
      load(client, warmup);
      long[] latencies = new long[events];
      long started = System.nanoTime();
      int errors = load(client, events, latencies);
      double seconds = (System.nanoTime() - started) / 1e9;
      child.requireAlive();
      return new Run(
          who,
          new Pace(
              events,
              seconds,
              Stats.percentile(latencies, 50),
              Stats.percentile(latencies, 99),
              errors),
          new Footprint(
              idle.rssKib(), idle.peakRssKib(), sampler.peakRssKib(), sampler.maxThreads()));
    }
  }

  private void load(BusClient client, int count) throws InterruptedException {
    load(client, count, new long[count]);
  }

  /** Sends {@code count} requests, at most {@link #outstanding} unanswered at a time. */
  private int load(BusClient client, int count, long[] latencies) throws InterruptedException {
    Semaphore window = new Semaphore(outstanding);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(count);
    List<Thread> publishers = new ArrayList<>();
    for (int p = 0; p < PUBLISHERS; p++) {
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  try {
                    window.acquire();
                  } catch (InterruptedException e) {
                    return;
                  }
                  int i = next.getAndIncrement();
                  if (i >= count) {
                    window.release();
                    return;
                  }
                  client
                      .request(REQUEST, Map.of())
                      .whenComplete(
                          (reply, failure) -> {
                            if (failure != null) {
                              errors.incrementAndGet();
                            } else {
                              latencies[i] = reply.latencyNanos();
                            }
                            window.release();
                            answered.countDown();
                          });
                }
              },
              "publisher-" + p);
      t.start();
      publishers.add(t);
    }
    long allowed = Math.max(120, count / 50L);
    if (!answered.await(allowed, TimeUnit.SECONDS)) {
      publishers.forEach(Thread::interrupt);
      throw new IllegalStateException(
          answered.getCount() + " of " + count + " requests unanswered after " + allowed + " s");
    }
    for (Thread t : publishers) {
      t.join();
    }
    return errors.get();
  }

  private List<Figure> figures(Run workerRun, Run baselineRun) {
    Pace worker = workerRun.pace();
    Pace baseline = baselineRun.pace();
    Footprint workerMemory = workerRun.footprint();
    Footprint baselineMemory = baselineRun.footprint();
    List<Figure> out = new ArrayList<>();
    String section = "1 dispatch";
    double tputRatio = worker.throughput() / baseline.throughput();
    out.add(
        Figure.compared(
                section,
                "throughput, " + events + " requests, " + outstanding + " outstanding",
                perSecond(worker.throughput()),
                perSecond(baseline.throughput()),
                tputRatio)
            .withGoal(">= 1.0x", tputRatio >= 1.0));
    out.add(
        Figure.compared(
            section,
            "p50 request-to-response latency",
            ms(worker.p50Nanos()),
            ms(baseline.p50Nanos()),
            (double) worker.p50Nanos() / baseline.p50Nanos()));
    double p99Ratio = (double) worker.p99Nanos() / baseline.p99Nanos();
    out.add(
        Figure.compared(
                section,
                "p99 request-to-response latency",
                ms(worker.p99Nanos()),
                ms(baseline.p99Nanos()),
                p99Ratio)
            .withGoal("<= 1.1x", p99Ratio <= 1.1));
    out.add(
        Figure.compared(
                section,
                "error responses or failed publishes",
                Integer.toString(worker.errors()),
                Integer.toString(baseline.errors()),
                Double.NaN)
            .withGoal("0", worker.errors() == 0));
    String memory = "4 memory";
    out.add(
        Figure.compared(
            memory,
            "peak RSS idle (VmHWM after start-up and one request)",
            ProcStatus.mib(workerMemory.idlePeakKib()),
            ProcStatus.mib(baselineMemory.idlePeakKib()),
            (double) workerMemory.idlePeakKib() / baselineMemory.idlePeakKib()));
    out.add(
        Figure.compared(
                memory,
                "peak RSS under the load of benchmark 1",
                ProcStatus.mib(workerMemory.loadPeakKib()),
                ProcStatus.mib(baselineMemory.loadPeakKib()),
                (double) workerMemory.loadPeakKib() / baselineMemory.loadPeakKib())
            .withGoal("< 128 MiB", workerMemory.loadPeakKib() < MIB_128));
    out.add(
        Figure.compared(
            memory,
            "threads under the load of benchmark 1 (max)",
            Integer.toString(workerMemory.maxThreads()),
            Integer.toString(baselineMemory.maxThreads()),
            (double) workerMemory.maxThreads() / baselineMemory.maxThreads()));
    return out;
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", Stats.millis(nanos));
  }

  static String perSecond(double value) {
    return String.format(Locale.ROOT, "%.0f req/s", value);
  }
}
