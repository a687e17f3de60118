package com.busdk.upcloud.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark 6 (issue 10): the worker's peak memory under the worst request shapes. The packaged
 * worker runs through its launcher (default JVM options, durable journal, static provider) against
 * {@link FeedingEventsApi}, which keeps each request stream full. First 400 container runs give one
 * identity 400 runs; then {@code size} requests, seeded: {@code bus.containers.status} for that
 * identity (answers of about 125 KB), {@code bus.vm.status} with 200 KB correlation ids, and
 * malformed or hostile requests (bad JSON, fields over their limits, deep nesting, huge numbers,
 * payloads that are not objects, unknown profiles, lines over 1 MiB). Every request with a usable
 * correlation id must be answered once; the worker's VmHWM is sampled throughout.
 */
final class MemoryBench {
  private static final String SECTION = "6 hostile memory";
  private static final double MIB_128 = 128 * 1024;
  private static final long SEED = 6_010L;
  private static final int SEED_RUNS = 400;
  private static final String OWNER = "bench-owner";
  private static final String STATUS = "bus.containers.status.request";
  private static final String VM_STATUS = "bus.vm.status.request";
  private static final String RUN = "bus.containers.run.request";
  private static final String DELETE = "bus.containers.delete.request";

  /** VM status, start and stop plus container status, run and delete: the static provider's. */
  private static final int WORKER_STREAMS = 6;

  private static final byte[] ID_PAD = "L".repeat(200 * 1024).getBytes(US_ASCII);
  private static final byte[] COMMAND_PAD = "c".repeat(64 * 1024 - 4 + 1).getBytes(US_ASCII);
  private static final byte[] LINE_PAD = "P".repeat(1100 * 1024).getBytes(US_ASCII);
  private static final byte[] DEEP = ("[".repeat(500) + "]".repeat(500)).getBytes(US_ASCII);
  private static final byte[] HUGE = ("9".repeat(999)).getBytes(US_ASCII);

  private final Layout layout;
  private final int size;

  MemoryBench(Layout layout, int size) {
    this.layout = layout;
    this.size = size;
  }

  /** One request of the run: its stream, its bytes, and whether it must be answered. */
  private record Request(String stream, FeedingEventsApi.Line line, boolean answered) {}

  List<Figure> run() throws Exception {
    Path stateDir = Files.createTempDirectory("bench-state-");
    try (FeedingEventsApi api = new FeedingEventsApi(SEED_RUNS + size + 1)) {
      Child worker =
          Child.start(
              layout,
              "memory-worker",
              layout.worker(
                  "--events-url",
                  api.baseUrl(),
                  "--events-consumer",
                  "memory-1",
                  "--provider",
                  "static",
                  "--state-dir",
                  stateDir.toString()),
              Map.of("BUS_API_TOKEN", "feeding-events-api-checks-no-token"));
      try (worker;
          Sampler sampler = new Sampler(worker)) {
        awaitStreams(api, worker);
        seedRuns(api, worker);
        ProcStatus seeded = worker.status();

        Random random = new Random(SEED);
        Map<String, List<Request>> byStream = new HashMap<>();
        int mustAnswer = 0;
        int malformed = 0;
        for (int i = 0; i < size; i++) {
          Request r = request(SEED_RUNS + i, random);
          byStream.computeIfAbsent(r.stream(), k -> new ArrayList<>()).add(r);
          if (r.answered()) {
            api.expect(SEED_RUNS + i);
            mustAnswer++;
          } else {
            malformed++;
          }
        }
        long started = System.nanoTime();
        List<Thread> producers = new ArrayList<>();
        for (Map.Entry<String, List<Request>> stream : byStream.entrySet()) {
          Thread t = new Thread(() -> feed(api, stream.getKey(), stream.getValue()), "feed");
          t.setDaemon(true);
          t.start();
          producers.add(t);
        }
        int expected = SEED_RUNS + mustAnswer;
        long allowed = Math.max(300, size / 40L);
        awaitAnswered(api, worker, sampler, expected, allowed);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (Thread t : producers) {
          t.join(TimeUnit.SECONDS.toMillis(10));
        }
        worker.requireAlive();
        int duplicated = 0;
        for (int n = 0; n < SEED_RUNS + size; n++) {
          duplicated += api.answersTo(n) > 1 ? 1 : 0;
        }
        int unanswered = expected - api.expectedAnswered();
        long peak = sampler.peakRssKib();
        int threads = sampler.maxThreads();
        int exit = worker.stop(java.time.Duration.ofSeconds(30));
        return figures(
            peak,
            seeded,
            threads,
            expected,
            unanswered,
            duplicated,
            api.strays(),
            malformed,
            seconds,
            api.averageBytes("bus.containers.status.response"),
            api.averageBytes("bus.vm.status.response"),
            exit);
      }
    } finally {
      deleteTree(stateDir);
    }
  }

  private static void awaitStreams(FeedingEventsApi api, Child worker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (api.openStreams() < WORKER_STREAMS) {
      worker.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the worker opened " + api.openStreams() + " streams");
      }
      Thread.sleep(20);
    }
  }

  /** 400 runs that end at once, all of one identity: the status answers list them all. */
  private static void seedRuns(FeedingEventsApi api, Child worker) throws Exception {
    for (int n = 0; n < SEED_RUNS; n++) {
      api.expect(n);
      String runId = String.format(Locale.ROOT, "seed-%04d-", n) + "r".repeat(85);
      String payload =
          "{\"image\":\"docker.io/library/alpine:3.20\",\"command\":[\"true\"],\"identity_id\":\""
              + OWNER
              + "\",\"run_id\":\""
              + runId
              + "\"}";
      api.put(RUN, line(RUN, n, payload));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (api.expectedAnswered() < SEED_RUNS) {
      worker.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            api.expectedAnswered() + " of " + SEED_RUNS + " seed runs done");
      }
      Thread.sleep(20);
    }
  }

  private static Request request(int n, Random random) {
    int pick = random.nextInt(100);
    if (pick < 40) {
      return new Request(STATUS, line(STATUS, n, "{\"identity_id\":\"" + OWNER + "\"}"), true);
    }
    if (pick < 70) {
      return new Request(
          VM_STATUS,
          new FeedingEventsApi.Line(
              head(VM_STATUS, n), ID_PAD, "\",\"payload\":{}}".getBytes(US_ASCII)),
          true);
    }
    if (n % 1000 == 0) {
      return new Request(
          VM_STATUS,
          new FeedingEventsApi.Line(
              head(VM_STATUS, n),
              "\",\"payload\":{\"pad\":\"".getBytes(US_ASCII),
              LINE_PAD,
              "\"}}".getBytes(US_ASCII)),
          false);
    }
    return switch (random.nextInt(10)) {
      case 0, 1 ->
          new Request(
              random.nextBoolean() ? RUN : VM_STATUS,
              new FeedingEventsApi.Line(
                  ("{\"id\":\"ev-" + n + "\",\"correlationId\":\"m" + n + "-\",\"payload\":{")
                      .getBytes(US_ASCII)),
              false);
      case 2 ->
          new Request(
              RUN,
              new FeedingEventsApi.Line(
                  head(RUN, n),
                  "\",\"payload\":{\"image\":\"alpine\",\"command\":[\"echo\",\""
                      .getBytes(US_ASCII),
                  COMMAND_PAD,
                  "\"]}}".getBytes(US_ASCII)),
              true);
      case 3 ->
          new Request(
              RUN,
              new FeedingEventsApi.Line(
                  head(RUN, n),
                  "\",\"payload\":{\"image\":\"alpine\",\"x\":".getBytes(US_ASCII),
                  DEEP,
                  "}}".getBytes(US_ASCII)),
              true);
      case 4 ->
          new Request(
              RUN,
              new FeedingEventsApi.Line(
                  head(RUN, n),
                  "\",\"payload\":{\"image\":\"alpine\",\"timeout_seconds\":".getBytes(US_ASCII),
                  HUGE,
                  "}}".getBytes(US_ASCII)),
              true);
      case 5 -> new Request(VM_STATUS, line(VM_STATUS, n, "\"not an object\""), true);
      case 6 -> new Request(RUN, line(RUN, n, "{\"profile\":\"gpu\"}"), true);
      case 7 -> new Request(DELETE, line(DELETE, n, "{\"run_id\":[1,2,3]}"), true);
      case 8 ->
          new Request(
              STATUS,
              new FeedingEventsApi.Line(
                  head(STATUS, n),
                  "-".repeat(1024).getBytes(US_ASCII),
                  "\",\"payload\":{}}".getBytes(US_ASCII)),
              true);
      default -> {
        StringBuilder env = new StringBuilder("{\"image\":\"alpine\",\"env\":{");
        for (int i = 0; i < 129; i++) {
          env.append(i == 0 ? "" : ",").append("\"K").append(i).append("\":\"v\"");
        }
        yield new Request(RUN, line(RUN, n, env.append("}}").toString()), true);
      }
    };
  }

  /** The start of an envelope up to inside its correlation id {@code m<n>-}. */
  private static byte[] head(String stream, int n) {
    return ("{\"id\":\"ev-"
            + n
            + "\",\"name\":\""
            + stream
            + "\",\"identity_id\":\"hostile\",\"correlationId\":\"m"
            + n
            + "-")
        .getBytes(US_ASCII);
  }

  private static FeedingEventsApi.Line line(String stream, int n, String payload) {
    return new FeedingEventsApi.Line(
        head(stream, n), ("\",\"payload\":" + payload + "}").getBytes(US_ASCII));
  }

  private static void feed(FeedingEventsApi api, String stream, List<Request> requests) {
    try {
      for (Request r : requests) {
        api.put(stream, r.line());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitAnswered(
      FeedingEventsApi api, Child worker, Sampler sampler, int expected, long allowedSeconds)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(allowedSeconds);
    long nextReport = started + TimeUnit.SECONDS.toNanos(10);
    while (api.expectedAnswered() < expected) {
      worker.requireAlive();
      long now = System.nanoTime();
      if (now > deadline) {
        System.err.println(
            "bench: memory: "
                + api.expectedAnswered()
                + " of "
                + expected
                + " answered when time ran out");
        return;
      }
      if (now > nextReport) {
        System.err.printf(
            Locale.ROOT,
            "bench: memory: %d of %d answered in %.0f s, peak RSS %s%n",
            api.expectedAnswered(),
            expected,
            (now - started) / 1e9,
            ProcStatus.mib(sampler.peakRssKib()));
        nextReport = now + TimeUnit.SECONDS.toNanos(10);
      }
      Thread.sleep(50);
    }
  }

  private List<Figure> figures(
      long peakKib,
      ProcStatus seeded,
      int threads,
      int expected,
      int unanswered,
      int duplicated,
      int strays,
      int malformed,
      double seconds,
      long statusBytes,
      long vmStatusBytes,
      int exit) {
    List<Figure> out = new ArrayList<>();
    out.add(
        Figure.info(
                SECTION,
                "peak RSS (VmHWM), "
                    + size
                    + " worst-shape requests after "
                    + SEED_RUNS
                    + " seed runs (launcher JVM options)",
                ProcStatus.mib(peakKib))
            .withGoal("< 128 MiB", peakKib < MIB_128));
    out.add(
        Figure.info(
            SECTION,
            "RSS after the seed runs, and threads (max)",
            ProcStatus.mib(seeded.rssKib()) + ", " + threads + " threads"));
    out.add(
        Figure.info(
                SECTION,
                "requests with a usable correlation id: answered / unanswered / duplicated"
                    + " (plus "
                    + malformed
                    + " unanswerable lines; "
                    + strays
                    + " answers under other ids)",
                (expected - unanswered) + " / " + unanswered + " / " + duplicated)
            .withGoal("all answered once", unanswered == 0 && duplicated == 0));
    out.add(
        Figure.info(
            SECTION,
            "throughput of the " + size + " requests",
            String.format(Locale.ROOT, "%.0f req/s (%.1f s)", size / seconds, seconds)));
    out.add(
        Figure.info(
            SECTION,
            "average answer: bus.containers.status (400 runs) / bus.vm.status (200 KB id)",
            kib(statusBytes) + " / " + kib(vmStatusBytes)));
    out.add(Figure.info(SECTION, "worker exit code after SIGTERM", Integer.toString(exit)));
    return out;
  }

  private static String kib(long bytes) {
    return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
