package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.ports.BusEventName;
import com.fasterxml.jackson.databind.JsonNode;
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
 * Benchmark 5: container runs published all at once to a worker whose runner is ready, answered by
 * the fake ssh-runner after a fixed delay. Every run must complete exactly once; the worker's
 * threads and peak RSS are sampled throughout.
 */
final class ConcurrencyBench {
  private static final String SECTION = "5 concurrency";
  private static final Duration SSH_DELAY = Duration.ofSeconds(2);

  private final Layout layout;
  private final int runs;

  ConcurrencyBench(Layout layout, int runs) {
    this.layout = layout;
    this.runs = runs;
  }

  List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    out.addAll(once("default --max-in-flight (16)", 16));
    out.addAll(once("--max-in-flight " + runs, runs));
    return out;
  }

  private List<Figure> once(String config, int maxInFlight) throws Exception {
    try (UpCloudRig rig = new UpCloudRig(layout)) {
      rig.seedRunner();
      List<String> extra = new ArrayList<>();
      if (maxInFlight != 16) {
        extra.add("--max-in-flight");
        extra.add(Integer.toString(maxInFlight));
      }
      Child worker =
          rig.startWorker("concurrency-worker-" + maxInFlight, 4, extra.toArray(String[]::new));
      try (worker;
          Sampler sampler = new Sampler(worker)) {
        // One run first: it finds and bootstraps the runner, so the burst measures runs alone.
        Map<String, Object> warm = Map.of("image", "alpine", "command", List.of("printf", "OK"));
        rig.client.request(BusEventName.CONTAINERS_RUN.request(), warm).get(120, TimeUnit.SECONDS);
        ProcStatus before = worker.status();
        rig.sshRunner.delay(SSH_DELAY);
        List<CompletableFuture<BusClient.Reply>> replies = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          Map<String, Object> request =
              Map.of(
                  "image",
                  "alpine",
                  "command",
                  List.of("printf", "run-" + i),
                  "run_id",
                  "bench-" + maxInFlight + "-" + i);
          replies.add(rig.client.request(BusEventName.CONTAINERS_RUN.request(), request));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + 3L * runs / 16);
        int completed = 0;
        int failed = 0;
        int lost = 0;
        for (int i = 0; i < runs; i++) {
          long left = Math.max(1, deadline - System.nanoTime());
          try {
            JsonNode body =
                replies.get(i).get(left, TimeUnit.NANOSECONDS).event().payloadAs(JsonNode.class);
            if (body.path("exit_code").asInt(-1) == 0
                && body.path("stdout").asText().equals("run-" + i)) {
              completed++;
            } else {
              failed++;
            }
          } catch (TimeoutException | ExecutionException e) {
            lost++;
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long duplicates = rig.client.unmatched();
        double ideal = Math.ceil((double) runs / maxInFlight) * SSH_DELAY.toSeconds();
        String label = runs + " runs, " + config + ", ssh-runner delay " + SSH_DELAY.toSeconds();
        List<Figure> out = new ArrayList<>();
        boolean allGood = completed == runs && lost == 0 && failed == 0 && duplicates == 0;
        out.add(
            Figure.compared(
                    SECTION,
                    label + " s: completed / failed / lost / duplicated",
                    completed + " / " + failed + " / " + lost + " / " + duplicates,
                    runs + " / 0 / 0 / 0",
                    Double.NaN)
                .withGoal("all complete, none lost", allGood));
        out.add(
            Figure.compared(
                SECTION,
                label + " s: wall time for all",
                String.format(Locale.ROOT, "%.1f s", seconds),
                String.format(Locale.ROOT, "%.1f s ideal (ceil(runs/in-flight) x delay)", ideal),
                seconds / ideal));
        out.add(
            Figure.compared(
                SECTION,
                label + " s: worker threads (max) and peak RSS",
                sampler.maxThreads() + " threads, " + ProcStatus.mib(sampler.peakRssKib()),
                before.threads() + " threads, " + ProcStatus.mib(before.peakRssKib()) + " before",
                (double) sampler.peakRssKib() / before.peakRssKib()));
        return out;
      }
    }
  }
}
