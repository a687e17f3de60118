package com.busdk.upcloud.testkit.upcloud;

import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What reached the simulator: a count per endpoint and every request, for tests to wait on. */
final class SimulatorRecorder {
  private final Map<String, Integer> counts = new HashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();

  synchronized void record(RecordedRequest request) {
    counts.merge(request.endpoint(), 1, Integer::sum);
    requests.add(request);
    notifyAll();
  }

  synchronized int count(String endpoint) {
    return counts.getOrDefault(endpoint, 0);
  }

  synchronized boolean awaitCount(String endpoint, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(endpoint) < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized List<RecordedRequest> requests(String endpoint) {
    return requests.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
  }
}
