package com.busdk.upcloud.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resolving server names against a slow UpCloud: one listing per name, and a bounded memory. */
@Timeout(60)
class UpCloudServersNameResolutionTest {
  private final UpCloudSimulator simulator = UpCloudSimulator.start();
  private final CloudServers cloud =
      UpCloudServers.create(
          UpCloudSettings.of(simulator.baseUrl(), simulator.token())
              .withRetries(0, Duration.ZERO, new FakeTime()));
  private final ExecutorService callers = Executors.newFixedThreadPool(32);

  @AfterEach
  void stop() {
    callers.shutdownNow();
    simulator.close();
  }

  @Test
  void concurrentResolutionsOfOneNameShareOneListing() throws Exception {
    String uuid = simulator.seedServer("ai-platform-gpu", "started");
    simulator.setLatency("GET /server", Duration.ofMillis(300));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<ServerDetails>>> resolutions = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      resolutions.add(
          callers.submit(
              () -> {
                go.await();
                return cloud.find("ai-platform-gpu");
              }));
    }

    go.countDown();

    for (Future<Optional<ServerDetails>> resolution : resolutions) {
      assertEquals(uuid, resolution.get(30, TimeUnit.SECONDS).orElseThrow().uuid());
    }
    assertEquals(1, simulator.count("GET /server"), "one listing for 32 resolutions");
  }

  @Test
  void theNameCacheForgetsTheLeastRecentlyUsedNameBeyondItsCount() {
    int names = UpCloudServers.NAME_CACHE_ENTRIES + 1;
    for (int i = 0; i < names; i++) {
      simulator.seedServer("runner-" + i, "started");
    }
    for (int i = 0; i < names; i++) {
      assertTrue(cloud.find("runner-" + i).isPresent());
    }
    int listings = simulator.count("GET /server");
    assertEquals(names, listings, "each name resolved once");

    assertTrue(cloud.find("runner-" + (names - 1)).isPresent());
    assertEquals(listings, simulator.count("GET /server"), "a recent name is remembered");
    assertTrue(cloud.find("runner-0").isPresent());
    assertEquals(listings + 1, simulator.count("GET /server"), "the oldest name was forgotten");
  }

  @Test
  void theNameCacheForgetsNamesBeyondItsBytes() {
    String longName = "n".repeat(4000);
    int names = (int) (UpCloudServers.NAME_CACHE_BYTES / (2 * longName.length())) + 2;
    for (int i = 0; i < names; i++) {
      simulator.seedServer(longName + i, "started");
    }
    for (int i = 0; i < names; i++) {
      assertTrue(cloud.find(longName + i).isPresent());
    }
    int listings = simulator.count("GET /server");

    assertTrue(cloud.find(longName + (names - 1)).isPresent());
    assertEquals(listings, simulator.count("GET /server"), "the newest long name is remembered");
    assertTrue(cloud.find(longName + 0).isPresent());
    assertEquals(listings + 1, simulator.count("GET /server"), "the oldest did not fit");
  }
}
