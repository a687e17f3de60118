package com.busdk.upcloud.testkit.upcloud;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The simulator's fault injection: queued faults per endpoint, a seeded share of random failures,
 * and per-endpoint latency.
 */
final class SimulatorFaults {
  private static final int[] RANDOM_FAULT_STATUSES = {500, 502, 503};

  /**
   * One injected failure: an error answer ({@code status}, {@code code}, optional {@code
   * Retry-After}), a dropped connection ({@code reset}), or an error after the request took effect
   * ({@code thenApply}).
   */
  record Fault(int status, String code, Duration retryAfter, boolean reset, boolean thenApply) {}

  /** A seeded share of requests that fail, and the random numbers that pick them. */
  private record RandomFaults(double share, Random random) {}

  private final Map<String, Deque<Fault>> queued = new HashMap<>();
  private final Map<String, Duration> latencies = new HashMap<>();
  private RandomFaults random;

  synchronized void queue(String endpoint, int times, Fault fault) {
    requireNonNull(endpoint, "endpoint is null");
    Deque<Fault> queue = queued.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(fault);
    }
  }

  synchronized void failRandomly(double share, long seed) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("share must be between 0 and 1: " + share);
    }
    random = share == 0 ? null : new RandomFaults(share, new Random(seed));
  }

  synchronized void setLatency(String endpoint, Duration latency) {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(latency, "latency is null");
    latencies.put(endpoint, latency);
  }

  synchronized Duration latency(String endpoint) {
    return latencies.getOrDefault(endpoint, Duration.ZERO);
  }

  /** The fault for this request to {@code endpoint}, or null: queued faults first, then random. */
  synchronized Fault next(String endpoint) {
    Deque<Fault> queue = queued.get(endpoint);
    if (queue != null && !queue.isEmpty()) {
      return queue.poll();
    }
    if (random == null || random.random().nextDouble() >= random.share()) {
      return null;
    }
    Random numbers = random.random();
    int status = RANDOM_FAULT_STATUSES[numbers.nextInt(RANDOM_FAULT_STATUSES.length)];
    boolean thenCreate = endpoint.equals("POST /server") && numbers.nextBoolean();
    return new Fault(status, "INTERNAL_ERROR", null, false, thenCreate);
  }
}
