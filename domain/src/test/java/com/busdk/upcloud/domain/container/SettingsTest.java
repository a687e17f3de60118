package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.LifecycleState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static ContainerSettings container(String workdir, List<String> users, String target) {
    return ContainerSettings.builder("upcloud", "alpine")
        .runUser(" ")
        .workdir(workdir)
        .sshUsers(users)
        .sshTarget(target == null ? null : SshTarget.parse(target))
        .build();
  }

  @Test
  void containerSettingsDefaultsAndSshTargetParsing() {
    ContainerSettings plain = container("/workspace", List.of("root", "ubuntu"), null);
    assertEquals(null, plain.runUser(), "a blank user means the image default");
    assertEquals(Optional.empty(), plain.sshTargetHost());
    assertEquals(List.of("root", "ubuntu"), plain.effectiveSshUsers());

    ContainerSettings withUser = container("/workspace", List.of("root"), "ubuntu@10.0.0.5");
    assertEquals(Optional.of("10.0.0.5"), withUser.sshTargetHost());
    assertEquals(List.of("ubuntu"), withUser.effectiveSshUsers());

    ContainerSettings hostOnly = container("/workspace", List.of("root"), "runner.internal");
    assertEquals(Optional.of("runner.internal"), hostOnly.sshTargetHost());
    assertEquals(List.of("root"), hostOnly.effectiveSshUsers());
  }

  @Test
  void containerSettingsRejectUnsafeOrIncompleteValues() {
    assertThrows(
        IllegalArgumentException.class, () -> container("relative", List.of("root"), null));
    assertThrows(IllegalArgumentException.class, () -> container("/w,exec", List.of("root"), null));
    assertThrows(IllegalArgumentException.class, () -> container("/w", List.of(), null));
    assertThrows(IllegalArgumentException.class, () -> container("/w", List.of("root"), "u@"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ContainerSettings.builder("upcloud", "alpine").runTimeout(Duration.ZERO).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> container("/w", List.of("root"), "root@runner.internal:2222"),
        "a target port the runner is not reached on is refused, not ignored");
  }

  @Test
  void sshTargetsReadUserHostAndPort() {
    assertEquals(new SshTarget("ops", "10.0.0.5", 22), SshTarget.parse(" ops@10.0.0.5 "));
    assertEquals(new SshTarget(null, "runner.internal", 22), SshTarget.parse("runner.internal"));
    assertEquals(new SshTarget("root", "runner", 2222), SshTarget.parse("root@runner:2222"));
    assertEquals(new SshTarget(null, "fd00::5", 22), SshTarget.parse("fd00::5"));
    assertEquals(new SshTarget("root", "fd00::5", 2222), SshTarget.parse("root@[fd00::5]:2222"));
    assertEquals("root@[fd00::5]:2222", SshTarget.parse("root@[fd00::5]:2222").toString());
    assertEquals("ops@10.0.0.5", SshTarget.parse("ops@10.0.0.5").toString());
  }

  @Test
  void sshTargetsRejectBadValuesByName() {
    assertEquals("invalid user \"\"", badTarget("@runner"));
    assertEquals("invalid host \"\"", badTarget("root@"));
    assertEquals("invalid host \"run ner\"", badTarget("root@run ner"));
    assertEquals("invalid port \"ssh\"", badTarget("root@runner:ssh"));
    assertEquals("invalid port 0 (allowed: 1 to 65535)", badTarget("runner:0"));
    assertEquals("invalid port 70000 (allowed: 1 to 65535)", badTarget("runner:70000"));
    assertEquals("invalid host \"[fd00::5\"", badTarget("[fd00::5"));
  }

  private static String badTarget(String text) {
    return assertThrows(IllegalArgumentException.class, () -> SshTarget.parse(text)).getMessage();
  }

  @Test
  void provisioningParsesOptionValues() {
    assertEquals(Provisioning.CREATE, Provisioning.fromWire("create"));
    assertEquals(Provisioning.EXISTING_ONLY, Provisioning.fromWire("Existing-Only"));
    assertEquals(Provisioning.ADOPT_EXISTING, Provisioning.fromWire(" adopt-existing "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Provisioning.fromWire("sometimes"));
    assertTrue(e.getMessage().startsWith("unsupported container runner provisioning"));
  }

  @Test
  void deletePolicyKeepsTypedStatesInDeclarationOrder() {
    DeletePolicy policy =
        new DeletePolicy(
            true,
            Set.of(LifecycleState.STOPPED),
            Set.of(LifecycleState.PENDING, LifecycleState.MAINTENANCE),
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            true);
    assertEquals("[maintenance, pending]", policy.transientStates().toString());
    assertEquals(policy, DeletePolicy.defaults());
    assertThrows(
        UnsupportedOperationException.class, () -> policy.readyStates().add(LifecycleState.READY));
  }

  @Test
  void runnerSettingsFillDefaultsAndRejectNonsense() {
    Fixture f = new Fixture();
    RunnerSettings base = f.runnerSettings();
    RunnerSettings blanks =
        base.toBuilder().privateNetwork(" ").privateIp(" ").dnsServers(List.of(" ")).build();
    assertEquals(NetplanMode.MAC_MATCH, blanks.netplanMode());
    assertEquals(null, blanks.privateNetwork());
    assertEquals(null, blanks.privateIp());
    assertEquals(List.of(), blanks.dnsServers());
    assertThrows(
        IllegalArgumentException.class, () -> base.toBuilder().osStorageSizeGb(-1).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> base.toBuilder().sshReadyPollInterval(Duration.ZERO).build());
  }

  @Test
  void theStartTimeoutAlsoBoundsBootstrapUnlessSetApart() {
    RunnerSettings joint =
        RunnerSettings.builder("r", Provisioning.CREATE)
            .startTimeout(Duration.ofMinutes(3))
            .build();
    assertEquals(Duration.ofMinutes(3), joint.bootstrapTimeout());
    RunnerSettings apart =
        joint.toBuilder()
            .startTimeout(Duration.ofMinutes(4))
            .bootstrapTimeout(Duration.ofMinutes(1))
            .build();
    assertEquals(Duration.ofMinutes(4), apart.startTimeout());
    assertEquals(Duration.ofMinutes(1), apart.bootstrapTimeout());
    assertEquals(
        Duration.ofMinutes(5),
        joint.toBuilder().startTimeout(Duration.ofMinutes(5)).build().bootstrapTimeout(),
        "a copy keeps the bootstrap bound tied to the start timeout");
  }

  @Test
  void durationsAreFormattedLikeTheOptions() {
    assertEquals("10m", Durations.format(Duration.ofMinutes(10)));
    assertEquals("30m30s", Durations.format(Duration.ofSeconds(1830)));
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertEquals(2, Durations.ceilSeconds(Duration.ofMillis(1500)));
    assertEquals(1, Durations.ceilSeconds(Duration.ofMillis(1)));
  }
}
