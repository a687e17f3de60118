package com.busdk.upcloud.app.e2e;

import static com.busdk.upcloud.app.e2e.Deployment.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** VM mode over real HTTP: the embedded Events API, the worker, and the UpCloud simulator. */
class VmEndToEndTest {
  private final Deployment d = new Deployment();

  @AfterEach
  void close() throws Exception {
    d.close();
  }

  private void startVmWorker() throws InterruptedException {
    d.startWorker(
        List.of(
            "--provider=upcloud",
            "--vm-name=ai-platform-gpu",
            "--upcloud-poll-interval=20ms",
            "--vm-action-timeout=2s"));
  }

  @Test
  void statusStartAndStopDriveTheVmWithTheFewestCalls() throws Exception {
    String uuid = d.upcloud.seedServer("ai-platform-gpu", "stopped");
    startVmWorker();

    BusEvent status = d.request("bus.vm.status.request", Map.of());
    Map<?, ?> s = (Map<?, ?>) payload(status).get("status");
    assertEquals("stopped", s.get("state"));
    assertEquals("upcloud", s.get("provider"));
    assertEquals(uuid, ((Map<?, ?>) s.get("details")).get("server"));

    int getsBefore = d.upcloud.count("GET /server/{uuid}");
    int listsBefore = d.upcloud.count("GET /server");
    d.request("bus.vm.status.request", Map.of("runtime", "default"));
    assertEquals(getsBefore + 1, d.upcloud.count("GET /server/{uuid}"), "one call per status");
    assertEquals(listsBefore, d.upcloud.count("GET /server"), "the name is resolved once");

    Map<?, ?> started = payload(d.request("bus.vm.start.request", Map.of()));
    assertEquals(true, started.get("accepted"));
    assertEquals("start", started.get("action"));
    assertEquals("started", d.upcloud.state(uuid));
    assertEquals(1, d.upcloud.count("POST /server/{uuid}/start"));

    Map<?, ?> again = payload(d.request("bus.vm.start.request", Map.of()));
    assertEquals(true, again.get("accepted"));
    assertEquals(1, d.upcloud.count("POST /server/{uuid}/start"), "start is idempotent");

    Map<?, ?> stopped = payload(d.request("bus.vm.stop.request", Map.of()));
    assertEquals("stop", stopped.get("action"));
    assertEquals(1, d.upcloud.count("POST /server/{uuid}/stop"));
    awaitState(uuid, "stopped");
  }

  @Test
  void startWaitsOutMaintenanceThenAnswersATimeoutError() throws Exception {
    String uuid = d.upcloud.seedServer("ai-platform-gpu", "stopped");
    d.upcloud.holdInMaintenance(uuid, Duration.ofMinutes(5));
    startVmWorker();

    Map<?, ?> reply = payload(d.request("bus.vm.start.request", Map.of()));
    Map<?, ?> error = (Map<?, ?>) reply.get("error");
    assertEquals("timeout", error.get("type"));
    assertTrue(((String) error.get("message")).contains("maintenance"), error.toString());
    assertEquals(0, d.upcloud.count("POST /server/{uuid}/start"));
  }

  @Test
  void aMissingVmIsReportedUnavailableAndCannotBeStarted() throws Exception {
    startVmWorker();
    Map<?, ?> s = (Map<?, ?>) payload(d.request("bus.vm.status.request", Map.of())).get("status");
    assertEquals("unavailable", s.get("state"));
    Map<?, ?> error = (Map<?, ?>) payload(d.request("bus.vm.start.request", Map.of())).get("error");
    assertEquals("not_found", error.get("type"));
    assertEquals("VM \"ai-platform-gpu\" not found", error.get("message"));
  }

  @Test
  void upcloudServerErrorsBecomeProviderErrorRepliesAndTheWorkerKeepsGoing() throws Exception {
    d.upcloud.seedServer("ai-platform-gpu", "started");
    startVmWorker();
    d.upcloud.failNext("GET /server", 4, 503);
    Map<?, ?> error =
        (Map<?, ?>) payload(d.request("bus.vm.status.request", Map.of())).get("error");
    assertEquals("provider_error", error.get("type"));
    Map<?, ?> s = (Map<?, ?>) payload(d.request("bus.vm.status.request", Map.of())).get("status");
    assertEquals("ready", s.get("state"));
  }

  @Test
  void malformedPayloadsAreAnsweredWithBadRequest() throws Exception {
    d.upcloud.seedServer("ai-platform-gpu", "started");
    startVmWorker();
    Map<?, ?> error =
        (Map<?, ?>)
            payload(d.request("bus.vm.status.request", Map.of("runtime", List.of(1)))).get("error");
    assertEquals("bad_request", error.get("type"));
  }

  private void awaitState(String uuid, String state) throws InterruptedException {
    assertTrue(
        d.upcloud.awaitState(uuid, state, Duration.ofSeconds(5)), "server never reached " + state);
  }
}
