package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.journal.SqliteRunJournal;
import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunOutput;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.TimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14, benchmark 4: how the worker's status latency and memory grow with the run journal's
 * size. For each size, a journal file is filled with that many finished runs (spread over 1,000
 * owners, plus 100 runs of the requester) before the worker starts on it; then {@code
 * bus.containers.status} requests of the requester are timed one at a time, and the worker's peak
 * resident memory is sampled. Flat or logarithmic growth is the goal, never linear.
 */
final class JournalGrowthBench {
  static final String REQUEST = "bus.containers.status.request";
  static final String RESPONSE = "bus.containers.status.response";
  private static final String OWNER = "bench-owner";
  private static final int OWNER_RUNS = 100;
  private static final int OTHER_OWNERS = 1000;
  private static final int WORKER_STREAMS = 6;

  private final Layout layout;
  private final List<Integer> sizes;
  private final int queries;

  JournalGrowthBench(Layout layout, List<Integer> sizes, int queries) {
    this.layout = layout;
    this.sizes = List.copyOf(sizes);
    this.queries = queries;
  }

  /** One size's result. */
  record Point(int runs, double fillSeconds, long p50Nanos, long p99Nanos, long peakRssKib) {}

  List<Figure> run() throws Exception {
    List<Point> points = new ArrayList<>();
    for (int size : sizes) {
      points.add(measure(size));
    }
    List<Figure> figures = new ArrayList<>();
    for (Point p : points) {
      figures.add(
          Figure.info(
              "14.4 journal growth",
              String.format(Locale.ROOT, "status with %,d runs kept: p50 / p99", p.runs()),
              String.format(
                  Locale.ROOT,
                  "%.2f ms / %.2f ms (filled in %.1f s)",
                  Stats.millis(p.p50Nanos()),
                  Stats.millis(p.p99Nanos()),
                  p.fillSeconds())));
      figures.add(
          Figure.info(
              "14.4 journal growth",
              String.format(Locale.ROOT, "worker peak RSS with %,d runs kept", p.runs()),
              ProcStatus.mib(p.peakRssKib())));
    }
    if (points.size() > 1) {
      Point small = points.get(0);
      Point large = points.get(points.size() - 1);
      double latency = (double) large.p50Nanos() / small.p50Nanos();
      double memory = (double) large.peakRssKib() / small.peakRssKib();
      figures.add(
          Figure.compared(
                  "14.4 journal growth",
                  String.format(
                      Locale.ROOT,
                      "status p50 at %,d runs over %,d runs",
                      large.runs(),
                      small.runs()),
                  String.format(Locale.ROOT, "%.2f ms", Stats.millis(large.p50Nanos())),
                  String.format(Locale.ROOT, "%.2f ms", Stats.millis(small.p50Nanos())),
                  latency)
              .withGoal("at most 2x for 100x the runs (not linear)", latency <= 2.0));
      figures.add(
          Figure.compared(
                  "14.4 journal growth",
                  String.format(
                      Locale.ROOT,
                      "peak RSS at %,d runs over %,d runs",
                      large.runs(),
                      small.runs()),
                  ProcStatus.mib(large.peakRssKib()),
                  ProcStatus.mib(small.peakRssKib()),
                  memory)
              .withGoal("at most 1.5x for 100x the runs (not linear)", memory <= 1.5));
    }
    return figures;
  }

  private Point measure(int size) throws Exception {
    Path dir = Files.createTempDirectory(layout.logs(), "journal-" + size + "-");
    double fillSeconds = fill(dir.resolve("journal.db"), size);
    try (EmbeddedEventsServer server = new EmbeddedEventsServer(0).start();
        BusClient client = new BusClient(server, "bench-requester", "j" + size)) {
      client.listen(RESPONSE);
      Child child =
          Child.start(
              layout,
              "journal-worker-" + size,
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
                  dir.toString(),
                  "--journal-max-runs",
                  Integer.toString(size + OWNER_RUNS + 10),
                  "--log-level",
                  "warn"),
              Map.of("BUS_API_TOKEN", BusClient.workerToken(server, "bench-worker")));
      try (child;
          Sampler sampler = new Sampler(child)) {
        BusClient.awaitStreams(server, 1 + WORKER_STREAMS, child);
        Map<String, Object> payload = Map.of("identity_id", OWNER);
        for (int i = 0; i < Math.min(200, queries); i++) {
          client.request(REQUEST, payload).get(60, TimeUnit.SECONDS);
        }
        long[] latencies = new long[queries];
        for (int i = 0; i < queries; i++) {
          CompletableFuture<BusClient.Reply> reply = client.request(REQUEST, payload);
          latencies[i] = reply.get(60, TimeUnit.SECONDS).latencyNanos();
        }
        child.requireAlive();
        return new Point(
            size,
            fillSeconds,
            Stats.percentile(latencies, 50),
            Stats.percentile(latencies, 99),
            sampler.peakRssKib());
      }
    }
  }

  /** Fills a journal file with {@code size} finished runs of other owners and the requester's. */
  private static double fill(Path file, int size) {
    long started = System.nanoTime();
    JournalLimits limits =
        new JournalLimits(
            size + OWNER_RUNS + 10,
            Long.MAX_VALUE / 4,
            Duration.ofDays(30),
            1000,
            1L << 30,
            Duration.ofHours(2));
    try (SqliteRunJournal journal =
        SqliteRunJournal.open(file, limits, String::valueOf, TimeSource.system())) {
      Instant base = Instant.now().minus(Duration.ofDays(1));
      for (int i = 0; i < size + OWNER_RUNS; i++) {
        String owner = i < OWNER_RUNS ? OWNER : "owner-" + (i % OTHER_OWNERS);
        Instant at = base.plusMillis(i);
        RunEntry run =
            RunEntry.started(
                new RunEntry.Key(owner, "run-" + i),
                new RunEntry.Launch(
                    "corr-" + i,
                    "worker-1",
                    "alpine",
                    List.of("sh", "-c", "printf BUS_CONTAINER_OK"),
                    "static-runner",
                    "bus-run-" + i,
                    at));
        journal.insertRun(run);
        journal.updateRun(
            run.finished(
                RunState.COMPLETED,
                at.plusMillis(5),
                0,
                new RunOutput("BUS_CONTAINER_OK", false, "", false),
                null));
      }
    }
    return (System.nanoTime() - started) / 1e9;
  }
}
