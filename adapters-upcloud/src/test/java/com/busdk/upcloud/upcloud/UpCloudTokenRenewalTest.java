package com.busdk.upcloud.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A token source that renews after a 401, and the listener that sees every exchange. */
class UpCloudTokenRenewalTest {
  private final UpCloudSimulator simulator = UpCloudSimulator.start();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> token = new AtomicReference<>("ucat_revoked_value");
  private final AtomicInteger refusals = new AtomicInteger();

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private CloudServers cloud(boolean renews) {
    UpCloudToken source =
        new UpCloudToken() {
          @Override
          public String current() {
            return token.get();
          }

          @Override
          public boolean renewAfterRefusal(String rejected) {
            refusals.incrementAndGet();
            if (renews) {
              token.set(simulator.token());
            }
            return renews && !rejected.equals(token.get());
          }
        };
    return UpCloudServers.create(
        UpCloudSettings.of(simulator.baseUrl(), "unused-initial-token")
            .withRetries(3, Duration.ofMillis(100), new FakeTime()),
        source,
        (operation, status, elapsed) -> calls.add(operation + " " + status));
  }

  @Test
  void a401IsRepeatedOnceWithTheRenewedToken() {
    String uuid = simulator.seedServer("vm", "started");

    assertEquals(uuid, cloud(true).get(uuid).uuid());

    assertEquals(1, refusals.get());
    assertEquals(List.of("getServer 401", "getServer 200"), calls);
  }

  @Test
  void withoutARenewedTokenThe401Surfaces() {
    String uuid = simulator.seedServer("vm", "started");

    CloudException e = assertThrows(CloudException.class, () -> cloud(false).get(uuid));

    assertEquals(CloudException.Kind.UNAUTHORIZED, e.kind());
    assertEquals(List.of("getServer 401"), calls);
    assertFalse(e.getMessage().contains("ucat_revoked_value"), e.getMessage());
  }

  @Test
  void everyExchangeIsReportedWithItsOperationAndStatus() {
    token.set(simulator.token());
    String uuid = simulator.seedServer("vm", "stopped");
    simulator.failNext("GET /server/{uuid}", 1, 503);
    CloudServers cloud = cloud(false);

    cloud.get(uuid);
    cloud.start(uuid);

    assertEquals(List.of("getServer 503", "getServer 200", "startServer 200"), calls);
    assertTrue(calls.stream().noneMatch(c -> c.contains(simulator.token())));
  }
}
