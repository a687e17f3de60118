package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static ContainerSettings container(String workdir, List<String> users, String target) {
    return new ContainerSettings(
        "upcloud",
        "alpine",
        "slirp4netns",
        "1g",
        true,
        " ",
        workdir,
        Duration.ofMinutes(30),
        users,
        target);
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
        () ->
            new ContainerSettings(
                "upcloud",
                "alpine",
                "slirp4netns",
                "1g",
                true,
                null,
                "/w",
                Duration.ZERO,
                List.of("root"),
                null));
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
  void deletePolicyNormalisesStateNames() {
    DeletePolicy policy =
        new DeletePolicy(
            true,
            Set.of(" Stopped "),
            Set.of("MAINTENANCE", "pending", ""),
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            true);
    assertEquals(Set.of("stopped"), policy.readyStates());
    assertEquals(Set.of("maintenance", "pending"), policy.transientStates());
    assertEquals(policy, DeletePolicy.defaults());
  }

  @Test
  void runnerSettingsFillDefaultsAndRejectNonsense() {
    Fixture f = new Fixture();
    RunnerSettings base = f.runnerSettings();
    RunnerSettings blanks =
        new RunnerSettings(
            base.runnerName(),
            base.provisioning(),
            base.zone(),
            base.plan(),
            base.osTemplate(),
            0,
            base.networkMode(),
            " ",
            " ",
            base.sshKeys(),
            base.startTimeout(),
            base.sshReadyTimeout(),
            base.sshReadyPollInterval(),
            base.statePollInterval(),
            true,
            null,
            null,
            base.bootstrapTimeout());
    assertEquals(RunnerSettings.MAC_MATCH, blanks.netplanMode());
    assertEquals(null, blanks.privateNetwork());
    assertEquals(null, blanks.privateIp());
    assertEquals(List.of(), blanks.dnsServers());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RunnerSettings(
                base.runnerName(),
                base.provisioning(),
                base.zone(),
                base.plan(),
                base.osTemplate(),
                -1,
                base.networkMode(),
                null,
                null,
                base.sshKeys(),
                base.startTimeout(),
                base.sshReadyTimeout(),
                base.sshReadyPollInterval(),
                base.statePollInterval(),
                false,
                null,
                null,
                base.bootstrapTimeout()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RunnerSettings(
                base.runnerName(),
                base.provisioning(),
                base.zone(),
                base.plan(),
                base.osTemplate(),
                0,
                base.networkMode(),
                null,
                null,
                base.sshKeys(),
                base.startTimeout(),
                base.sshReadyTimeout(),
                Duration.ZERO,
                base.statePollInterval(),
                false,
                null,
                null,
                base.bootstrapTimeout()));
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
