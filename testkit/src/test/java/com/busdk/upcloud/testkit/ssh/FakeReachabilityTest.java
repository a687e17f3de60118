package com.busdk.upcloud.testkit.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.Reachability.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FakeReachabilityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final FakeReachability reachability = new FakeReachability();

  @Test
  void hosts_are_reachable_by_default() {
    assertEquals(ProbeResult.ok(), reachability.probe("10.0.0.5", 22, TIMEOUT));
  }

  @Test
  void a_host_becomes_reachable_after_its_first_unreachable_probes() {
    reachability.unreachableFor("10.0.0.5", 2);

    List<Boolean> answers =
        IntStream.range(0, 4)
            .mapToObj(i -> reachability.probe("10.0.0.5", 22, TIMEOUT).reachable())
            .toList();

    assertEquals(List.of(false, false, true, true), answers);
    assertTrue(reachability.probe("10.0.0.6", 22, TIMEOUT).reachable());
  }

  @Test
  void a_never_reachable_host_says_why() {
    reachability.neverReachable("10.0.0.5").failingWith("no route to host");

    ProbeResult result = reachability.probe("10.0.0.5", 22, TIMEOUT);

    assertFalse(result.reachable());
    assertEquals("no route to host", result.detail());
  }

  @Test
  void probes_are_recorded_in_order() {
    reachability.probe("a", 22, TIMEOUT);
    reachability.probe("b", 2222, Duration.ofMillis(5));
    reachability.probe("a", 22, TIMEOUT);

    assertEquals(
        List.of(
            new FakeReachability.Probe("a", 22, TIMEOUT),
            new FakeReachability.Probe("b", 2222, Duration.ofMillis(5)),
            new FakeReachability.Probe("a", 22, TIMEOUT)),
        reachability.probes());
    assertEquals(2, reachability.probeCount("a"));
  }
}
