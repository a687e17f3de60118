package com.busdk.upcloud.testkit.ssh;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.Reachability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted {@link Reachability}: every host is reachable unless told otherwise, a host can stay
 * unreachable for its first N probes or forever, and every probe is recorded.
 */
public final class FakeReachability implements Reachability {
  private static final int NEVER = -1;

  private final Map<String, Integer> unreachableProbes = new HashMap<>();
  private final Map<String, Integer> probesSoFar = new HashMap<>();
  private final List<Probe> probes = new ArrayList<>();
  private String detail = "connection refused";
  private boolean unreachableEverywhere;

  /** The first {@code count} probes of {@code host} answer unreachable, later ones reachable. */
  public synchronized FakeReachability unreachableFor(String host, int count) {
    requireNonNull(host, "host is null");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    unreachableProbes.put(host, count);
    probesSoFar.put(host, 0);
    return this;
  }

  /** Every probe of {@code host} answers unreachable. */
  public synchronized FakeReachability neverReachable(String host) {
    requireNonNull(host, "host is null");
    unreachableProbes.put(host, NEVER);
    return this;
  }

  /** Every probe of every host answers unreachable (a runner whose SSH never comes up). */
  public synchronized FakeReachability unreachableEverywhere() {
    this.unreachableEverywhere = true;
    return this;
  }

  /** The reason unreachable answers carry; "connection refused" by default. */
  public synchronized FakeReachability failingWith(String detail) {
    this.detail = requireNonNull(detail, "detail is null");
    return this;
  }

  @Override
  public synchronized ProbeResult probe(String host, int port, Duration timeout) {
    probes.add(new Probe(host, port, timeout));
    int seen = probesSoFar.merge(host, 1, Integer::sum);
    int unreachable = unreachableProbes.getOrDefault(host, 0);
    if (unreachableEverywhere || unreachable == NEVER || seen <= unreachable) {
      return ProbeResult.unreachable(detail);
    }
    return ProbeResult.ok();
  }

  /** Every probe so far, in order. */
  public synchronized List<Probe> probes() {
    return List.copyOf(probes);
  }

  /** How many probes asked about {@code host}. */
  public synchronized int probeCount(String host) {
    return (int) probes.stream().filter(p -> p.host().equals(host)).count();
  }

  /** One recorded probe. */
  public record Probe(String host, int port, Duration timeout) {}
}
