package com.busdk.upcloud.domain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.ActionResponse;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.upcloud.InMemoryCloudServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmControlTest {
  private final InMemoryCloudServers cloud = new InMemoryCloudServers();
  private final FakeTime time = new FakeTime();

  private VmControl control(String name) {
    return new VmControl(
        cloud,
        new VmSettings("upcloud", name, Duration.ofSeconds(45), Duration.ofSeconds(5)),
        time);
  }

  @Test
  void statusMapsStartedToReadyWithNonSecretDetails() {
    ServerDetails vm = cloud.addServer("ai-platform-gpu", "started");
    StatusPayload status = control("ai-platform-gpu").status().status();
    assertEquals("ready", status.state());
    assertEquals("upcloud", status.provider());
    assertEquals("started", status.details().upcloudState());
    assertEquals(vm.uuid(), status.details().server());
    assertEquals("ai-platform-gpu", status.details().name());
  }

  @Test
  void statesMapToTheGenericVocabulary() {
    ServerDetails vm = cloud.addServer("gpu", "stopped");
    VmControl control = control("gpu");
    assertEquals("stopped", control.status().status().state());
    cloud.setState(vm.uuid(), "maintenance");
    assertEquals("maintenance", control.status().status().state());
    cloud.setState(vm.uuid(), "error");
    assertEquals("unavailable", control.status().status().state());
  }

  @Test
  void aMissingVmIsUnavailable() {
    StatusPayload status = control("nope").status().status();
    assertEquals("unavailable", status.state());
    assertEquals(false, status.details().exists());
  }

  @Test
  void aStatusCostsOneCallOnceTheUuidIsKnown() {
    cloud.addServer("gpu", "started");
    VmControl control = control("gpu");
    control.status();
    int finds = cloud.calls("find");
    int gets = cloud.calls("get");
    control.status();
    control.status();
    assertEquals(finds, cloud.calls("find"));
    assertEquals(gets + 2, cloud.calls("get"));
  }

  @Test
  void aVmThatWasReplacedIsFoundAgain() {
    ServerDetails first = cloud.addServer("gpu", "started");
    VmControl control = control("gpu");
    control.status();
    cloud.removeServer(first.uuid());
    ServerDetails second = cloud.addServer("gpu", "stopped");
    assertEquals(second.uuid(), control.status().status().details().server());
  }

  @Test
  void startIsAcceptedAndStartsAStoppedVm() {
    ServerDetails vm = cloud.addServer("gpu", "stopped");
    ActionResponse reply = control("gpu").start();
    assertTrue(reply.accepted());
    assertEquals("start", reply.action());
    assertEquals("ready", reply.status().state());
    assertEquals("started", cloud.get(vm.uuid()).providerState());
    assertEquals(1, cloud.calls("start"));
  }

  @Test
  void startOnAStartedVmIsIdempotentAndCallsNoAction() {
    cloud.addServer("gpu", "started");
    ActionResponse reply = control("gpu").start();
    assertTrue(reply.accepted());
    assertEquals(0, cloud.calls("start"));
  }

  @Test
  void stopOnAStoppedVmIsIdempotent() {
    cloud.addServer("gpu", "stopped");
    assertEquals("stop", control("gpu").stop().action());
    assertEquals(0, cloud.calls("stop"));
  }

  @Test
  void stopStopsAStartedVm() {
    ServerDetails vm = cloud.addServer("gpu", "started");
    control("gpu").stop();
    assertEquals("stopped", cloud.get(vm.uuid()).providerState());
  }

  @Test
  void startPollsThroughStateIllegalAtTheConfiguredInterval() {
    ServerDetails vm = cloud.addServer("gpu", "stopped");
    cloud.failNext("start", stateIllegal(vm));
    cloud.failNext("start", stateIllegal(vm));
    control("gpu").start();
    assertEquals("started", cloud.get(vm.uuid()).providerState());
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), time.sleeps());
  }

  @Test
  void maintenanceThatOutlastsTheBoundIsAClearTimeout() {
    ServerDetails vm = cloud.addServer("gpu", "maintenance");
    WorkerException e = assertThrows(WorkerException.class, () -> control("gpu").start());
    assertEquals("timeout", e.type().wire());
    assertTrue(e.getMessage().contains("maintenance timeout"), e.getMessage());
    assertEquals(0, cloud.calls("start"));
    assertTrue(time.sleeps().stream().allMatch(d -> d.equals(Duration.ofSeconds(5))));
    assertEquals(9, time.sleeps().size());
    assertEquals("maintenance", cloud.get(vm.uuid()).providerState());
  }

  @Test
  void startOfAMissingVmIsNotFound() {
    WorkerException e = assertThrows(WorkerException.class, () -> control("ghost").start());
    assertEquals("not_found", e.type().wire());
    assertEquals("VM \"ghost\" not found", e.getMessage());
  }

  @Test
  void providerFailuresNameTheStep() {
    ServerDetails vm = cloud.addServer("gpu", "stopped");
    cloud.failNext(
        "start", new CloudException(CloudException.Kind.PROVIDER, "", "UpCloud HTTP 502"));
    WorkerException e = assertThrows(WorkerException.class, () -> control("gpu").start());
    assertEquals("provider_error", e.type().wire());
    assertTrue(e.getMessage().startsWith("VM start failed"), e.getMessage());
    assertEquals("stopped", cloud.get(vm.uuid()).providerState());
  }

  private static CloudException stateIllegal(ServerDetails vm) {
    return new CloudException(
        CloudException.Kind.BUSY,
        "SERVER_STATE_ILLEGAL",
        "The operation is not allowed while the server " + vm.uuid() + " is in state 'started'.");
  }
}
