package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.ports.BusEventName;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Benchmark 5b (issue 14.1): many container runs in flight at once, each waiting for the fake
 * ssh-runner, which acknowledges every script after a fixed delay without starting a process. With
 * {@code --max-in-flight} as large as the burst, all runs wait at the same time; a waiting run must
 * hold no thread, so the worker's thread count stays flat and its memory stays within the goal
 * under the launcher's default JVM options.
 */
record InFlightBench(Layout layout, int runs) {
  private static final String SECTION = "5b runs in flight";
  private static final Duration SSH_DELAY = Duration.ofSeconds(2);
  private static final int MAX_THREADS = 64;
  private static final long RSS_GOAL_KIB = 160 * 1024;

  List<Figure> run() throws Exception {
    Path stateDir = Files.createTempDirectory("bench-in-flight-state-");
    try (UpCloudRig rig = new UpCloudRig(layout)) {
      rig.seedRunner();
      Child worker =
          rig.startWorker(
              "in-flight-worker",
              4,
              "--max-in-flight",
              Integer.toString(runs),
              "--state-dir",
              stateDir.toString());
      try (worker;
          Sampler sampler = new Sampler(worker)) {
        // Ready the runner first, so the burst measures waiting runs alone.
        Map<String, Object> warm = Map.of("image", "alpine", "command", List.of("true"));
        rig.client.request(BusEventName.CONTAINERS_RUN.request(), warm).get(120, TimeUnit.SECONDS);
        ProcStatus before = worker.status();
        rig.sshRunner.acknowledge(SSH_DELAY);
        long started = System.nanoTime();
        List<CompletableFuture<BusClient.Reply>> replies = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
          Map<String, Object> request =
              Map.of("image", "alpine", "command", List.of("true"), "run_id", "wait-" + i);
          replies.add(rig.client.request(BusEventName.CONTAINERS_RUN.request(), request));
        }
        int[] counts = tally(replies, System.nanoTime() + TimeUnit.MINUTES.toNanos(10));
        double seconds = (System.nanoTime() - started) / 1e9;
        long duplicates = rig.client.unmatched();
        boolean allGood = counts[0] == runs && counts[1] == 0 && counts[2] == 0 && duplicates == 0;
        String label = runs + " runs at once, --max-in-flight " + runs + ", ssh-runner delay 2 s";
        int threads = sampler.maxThreads();
        long peak = sampler.peakRssKib();
        return List.of(
            Figure.compared(
                    SECTION,
                    label + ": completed / failed / lost / duplicated",
                    counts[0] + " / " + counts[1] + " / " + counts[2] + " / " + duplicates,
                    runs + " / 0 / 0 / 0",
                    Double.NaN)
                .withGoal("all complete, none lost", allGood),
            Figure.compared(
                SECTION,
                label + ": wall time for all",
                String.format(Locale.ROOT, "%.1f s", seconds),
                SSH_DELAY.toSeconds() + " s (every run waits at once)",
                seconds / SSH_DELAY.toSeconds()),
            Figure.compared(
                    SECTION,
                    label + ": worker threads (max)",
                    threads + " threads",
                    before.threads() + " threads before",
                    (double) threads / before.threads())
                .withGoal("at most " + MAX_THREADS, threads <= MAX_THREADS),
            Figure.compared(
                    SECTION,
                    label + ": peak RSS (launcher defaults)",
                    ProcStatus.mib(peak),
                    ProcStatus.mib(before.peakRssKib()) + " before",
                    (double) peak / before.peakRssKib())
                .withGoal("under 160 MiB", peak < RSS_GOAL_KIB));
      }
    }
  }

  /** Completed (exit 0), failed and lost replies, waiting for each until {@code deadline}. */
  private static int[] tally(List<CompletableFuture<BusClient.Reply>> replies, long deadline)
      throws InterruptedException {
    int[] counts = new int[3];
    for (CompletableFuture<BusClient.Reply> reply : replies) {
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        JsonNode body = reply.get(left, TimeUnit.NANOSECONDS).event().payloadAs(JsonNode.class);
        counts[body.path("exit_code").asInt(-1) == 0 ? 0 : 1]++;
      } catch (TimeoutException | ExecutionException e) {
        counts[2]++;
      }
    }
    return counts;
  }
}
