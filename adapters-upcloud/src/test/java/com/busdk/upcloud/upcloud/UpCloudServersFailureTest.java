package com.busdk.upcloud.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, backoff and error mapping against the simulator's fault injection. */
class UpCloudServersFailureTest {
  private final UpCloudSimulator simulator = UpCloudSimulator.start();
  private final FakeTime time = new FakeTime();
  private final CloudServers cloud =
      UpCloudServers.create(
          UpCloudSettings.of(simulator.baseUrl(), simulator.token())
              .withRetries(3, Duration.ofMillis(100), time));

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void serverErrorsOnReadsAreRetriedWithExponentialBackoff() {
    String uuid = simulator.seedServer("vm", "started");
    simulator.failNext("GET /server/{uuid}", 2, 503);

    assertEquals(uuid, cloud.get(uuid).uuid());

    assertEquals(3, simulator.count("GET /server/{uuid}"));
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), time.sleeps());
  }

  @Test
  void persistentServerErrorsSurfaceAsProviderFailures() {
    String uuid = simulator.seedServer("vm", "started");
    simulator.failNext("GET /server/{uuid}", 10, 500);

    CloudException e = assertThrows(CloudException.class, () -> cloud.get(uuid));

    assertEquals(Kind.PROVIDER, e.kind());
    assertTrue(e.getMessage().contains("(HTTP 500)"), e.getMessage());
    assertEquals("INTERNAL_ERROR", e.errorCode());
    assertEquals(4, simulator.count("GET /server/{uuid}"));
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    String uuid = simulator.seedServer("vm", "stopped");
    simulator.rateLimitNext("POST /server/{uuid}/start", 1, Duration.ofSeconds(7));

    assertEquals("started", cloud.start(uuid).providerState());

    assertEquals(List.of(Duration.ofSeconds(7)), time.sleeps());
    assertEquals(2, simulator.count("POST /server/{uuid}/start"));
  }

  @Test
  void aServerErrorWithRetryAfterWaitsWhatTheProviderAsked() {
    String uuid = simulator.seedServer("vm", "started");
    simulator.failNextWithRetryAfter("GET /server/{uuid}", 2, 503, Duration.ofSeconds(3));

    assertEquals(uuid, cloud.get(uuid).uuid());

    assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), time.sleeps());
    assertEquals(3, simulator.count("GET /server/{uuid}"));
  }

  @Test
  void aRetryAfterLongerThanAMinuteIsCutToAMinute() {
    simulator.rateLimitNext("GET /server", 1, Duration.ofMinutes(10));

    assertTrue(cloud.listByLabels(Map.of()).isEmpty());

    assertEquals(List.of(Duration.ofMinutes(1)), time.sleeps());
  }

  @Test
  void aCreateAnsweredWithRetryAfterIsStillNotRetried() {
    simulator.rateLimitNext("POST /server", 1, Duration.ofSeconds(1));

    CloudException e = assertThrows(CloudException.class, () -> cloud.create(spec()));

    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertEquals(1, simulator.count("POST /server"));
    assertTrue(time.sleeps().isEmpty());
  }

  @Test
  void persistentRateLimitIsRateLimited() {
    simulator.rateLimitNext("GET /server", 10, null);

    CloudException e = assertThrows(CloudException.class, () -> cloud.listByLabels(Map.of()));

    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertTrue(e.getMessage().contains("(HTTP 429)"), e.getMessage());
    assertEquals(
        List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)),
        time.sleeps());
  }

  @Test
  void createIsNeverRetried() {
    simulator.failNext("POST /server", 1, 503);

    CloudException e = assertThrows(CloudException.class, () -> cloud.create(spec()));

    assertEquals(Kind.PROVIDER, e.kind());
    assertEquals(1, simulator.count("POST /server"));
    assertTrue(time.sleeps().isEmpty());
  }

  @Test
  void aCreateThatFailsAfterCreatingLeavesAServerFoundByLabel() {
    simulator.failNextCreateAfterCreating(403);

    CloudException e = assertThrows(CloudException.class, () -> cloud.create(spec()));

    assertEquals(Kind.FORBIDDEN, e.kind());
    assertEquals("ACTION_FORBIDDEN", e.errorCode());
    assertEquals(1, cloud.listByLabels(Map.of("bus-runner", "r1")).size());
  }

  @Test
  void aDroppedConnectionOnAReadIsRetried() {
    String uuid = simulator.seedServer("vm", "started");
    simulator.resetNext("GET /server/{uuid}", 1);

    assertEquals(uuid, cloud.get(uuid).uuid());
    assertTrue(simulator.count("GET /server/{uuid}") >= 2);
  }

  @Test
  void connectionsThatKeepDroppingAreAnIoFailure() {
    String uuid = simulator.seedServer("vm", "started");
    simulator.resetNext("GET /server/{uuid}", 100);

    CloudException e = assertThrows(CloudException.class, () -> cloud.get(uuid));

    assertEquals(Kind.IO, e.kind());
    assertEquals(3, time.sleeps().size());
  }

  @Test
  void nothingListeningIsAnIoFailure() {
    String baseUrl = simulator.baseUrl();
    simulator.close();
    CloudServers offline =
        UpCloudServers.create(
            UpCloudSettings.of(baseUrl, "secret-token").withRetries(1, Duration.ZERO, time));

    CloudException e = assertThrows(CloudException.class, () -> offline.find("vm"));

    assertEquals(Kind.IO, e.kind());
    assertFalse(e.getMessage().contains("secret-token"));
  }

  @Test
  void aRefusedTokenIsUnauthorizedWithoutRetryAndWithoutTheToken() {
    CloudServers wrong =
        UpCloudServers.create(
            UpCloudSettings.of(simulator.baseUrl(), "ucat_wrong_secret")
                .withRetries(3, Duration.ofMillis(100), time));

    CloudException e = assertThrows(CloudException.class, () -> wrong.find("vm"));

    assertEquals(Kind.UNAUTHORIZED, e.kind());
    assertEquals("AUTHENTICATION_FAILED", e.errorCode());
    assertTrue(e.getMessage().contains("(HTTP 401)"), e.getMessage());
    assertFalse(e.getMessage().contains("ucat_wrong_secret"));
    assertTrue(time.sleeps().isEmpty());
  }

  @Test
  void conflictsAreNotRetried() {
    String uuid = simulator.seedServer("vm", "started");

    CloudException e = assertThrows(CloudException.class, () -> cloud.start(uuid));

    assertEquals(Kind.BUSY, e.kind());
    assertEquals("SERVER_STATE_ILLEGAL", e.errorCode());
    assertEquals(
        "UpCloud error SERVER_STATE_ILLEGAL (HTTP 409): The operation is not allowed while the"
            + " server "
            + uuid
            + " is in state 'started'.",
        e.getMessage());
    assertEquals(1, simulator.count("POST /server/{uuid}/start"));
  }

  private ServerSpec spec() {
    return ServerSpec.builder()
        .zone("fi-hel2")
        .title("runner")
        .plan("1xCPU-2GB")
        .disk(simulator.defaultTemplateUuid(), 10, true)
        .labels(Map.of("bus-runner", "r1"))
        .build();
  }
}
