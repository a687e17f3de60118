package com.busdk.upcloud.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules the contract's records hold, one by one. */
class PortsRecordsTest {

  @Test
  void upcloudStatesMapToGenericStates() {
    assertEquals(LifecycleState.READY, LifecycleState.fromUpCloud("started"));
    assertEquals(LifecycleState.STOPPED, LifecycleState.fromUpCloud("stopped"));
    assertEquals(LifecycleState.MAINTENANCE, LifecycleState.fromUpCloud("maintenance"));
    assertEquals(LifecycleState.UNAVAILABLE, LifecycleState.fromUpCloud("error"));
    assertEquals(LifecycleState.UNAVAILABLE, LifecycleState.fromUpCloud(null));
    assertEquals(LifecycleState.PENDING, LifecycleState.fromUpCloud("cloning"));
    assertEquals("ready", LifecycleState.READY.wire());
  }

  @Test
  void everyEventFamilyHasARequestAResponseAndAScope() {
    Set<String> names = new HashSet<>();
    for (BusEventName n : BusEventName.values()) {
      assertTrue(n.request().endsWith(".request"));
      assertTrue(n.response().endsWith(".response"));
      assertTrue(n.scope().contains(":"), n.scope());
      assertTrue(names.add(n.request()));
      assertEquals(Optional.of(n), BusEventName.ofEventName(n.response()));
    }
    assertEquals("vm:write", BusEventName.VM_STOP.scope());
    assertEquals("container:admin", BusEventName.RUNNER_DELETE.scope());
    assertEquals("ssh:run", BusEventName.SSH_SCRIPT_RUN.scope());
    assertEquals(Optional.empty(), BusEventName.ofEventName("example.ping"));
  }

  @Test
  void aRunNeedsAProfileOrAnImage() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ContainerRunRequest(" ", null, null, null, null, null));
    assertEquals("profile or image is required", e.getMessage());
  }

  @Test
  void aRunRejectsMountsAndNegativeTimeouts() {
    assertEquals(
        "unsupported mounts",
        assertThrows(
                IllegalArgumentException.class,
                () -> new ContainerRunRequest(null, "alpine", null, null, List.of("/a:/b"), null))
            .getMessage());
    assertEquals(
        "timeout_seconds must be non-negative",
        assertThrows(
                IllegalArgumentException.class,
                () -> new ContainerRunRequest(null, "alpine", null, -1L, null, null))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ContainerRunRequest(
                null,
                "alpine",
                new ContainerRunRequest.Exec(null, null, Map.of("A=B", "x"), null),
                null,
                null,
                null));
  }

  @Test
  void argsIsTheAliasOfCommand() {
    var onlyArgs =
        new ContainerRunRequest(
            "codex",
            null,
            new ContainerRunRequest.Exec(null, List.of("sh", "-c", "true"), null, null),
            0L,
            null,
            null);
    assertEquals(List.of("sh", "-c", "true"), onlyArgs.exec().effectiveCommand());
    var both =
        new ContainerRunRequest(
            "codex",
            null,
            new ContainerRunRequest.Exec(List.of("echo"), List.of("ignored"), null, null),
            null,
            null,
            null);
    assertEquals(List.of("echo"), both.exec().effectiveCommand());
    var neither = ContainerRunRequest.ofProfile("codex", null);
    assertEquals(List.of(), neither.exec().effectiveCommand());
  }

  @Test
  void aDeleteNeedsARunId() {
    assertThrows(IllegalArgumentException.class, () -> new ContainerDeleteRequest(""));
    assertEquals("run_1", new ContainerDeleteRequest("run_1").runId());
  }

  @Test
  void scriptRequestsNeedTargetsAndAPositiveTimeout() {
    var target = new ScriptRequest.Target("10.0.0.2", 22);
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScriptRequest("true", List.of(), List.of("root"), 10, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScriptRequest("true", List.of(target), List.of("root"), 0, null, null));
    assertThrows(IllegalArgumentException.class, () -> new ScriptRequest.Target("h", 0));
    assertThrows(IllegalArgumentException.class, () -> new ScriptRequest.Target(" ", 22));
  }

  @Test
  void theIdentityIsTheFirstSpellingPresent() {
    assertEquals(Optional.of("b"), new RequesterIdentity(null, " ", "b", "c").resolve());
    assertEquals(Optional.empty(), new RequesterIdentity(null, null, null, null).resolve());
  }

  @Test
  void privateModeServerSpecsNeedANetwork() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ServerSpec.Network(ServerSpec.NetworkMode.PRIVATE, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerSpec.builder().zone("fi-hel2").title("r").plan("plan").disk("tpl", 0, true));
    var spec =
        ServerSpec.builder()
            .zone("fi-hel2")
            .title("r")
            .plan("plan")
            .disk("tpl", 10, true)
            .network(new ServerSpec.Network(ServerSpec.NetworkMode.PUBLIC, null, " "))
            .login(null, null)
            .labels(null)
            .build();
    assertEquals("root", spec.login().user());
    assertEquals(null, spec.network().privateIp());
    assertEquals("r", spec.hostname());
    assertEquals(List.of(), spec.login().sshPublicKeys());
  }

  @Test
  void aServerSpecBuiltWithoutADiskIsRefused() {
    assertThrows(
        NullPointerException.class,
        () -> ServerSpec.builder().zone("fi-hel2").title("r").plan("plan").build());
  }

  @Test
  void serverDetailsFindPrivateAndPublicAddresses() {
    var privateNic =
        new NetworkInterface(
            4, "private", "da:45", "net-1", List.of(new IpAddress("172.16.0.2", "IPv4", "")));
    var publicNic =
        new NetworkInterface(
            2, "public", "da:46", "pub", List.of(new IpAddress("94.237.1.1", "IPv4", "")));
    var server =
        new ServerDetails(
            new ServerSummary("u", "t", "h", "fi-hel2", "started", null),
            List.of(publicNic, privateNic),
            null,
            null);
    assertEquals(Optional.of("172.16.0.2"), server.privateIpv4("net-1"));
    assertEquals(Optional.empty(), server.privateIpv4("net-2"));
    assertEquals(Optional.of("94.237.1.1"), server.publicIpv4());
    assertEquals(LifecycleState.READY, server.state());
    assertEquals("stopped", server.withProviderState("stopped").summary().providerState());
    assertEquals(server.interfaces(), server.withProviderState("stopped").interfaces());
  }

  @Test
  void errorRepliesCarryTheWireType() {
    var reply = new WorkerException(ErrorType.NOT_FOUND, "run not found: r").toReply();
    assertEquals("not_found", reply.error().type());
    assertEquals("run not found: r", reply.error().message());
    assertTrue(new CloudException(CloudException.Kind.BUSY, "SERVER_STATE_ILLEGAL", "m").isBusy());
    assertFalse(new CloudException(CloudException.Kind.CONFLICT, "OTHER", "m").isBusy());
  }
}
