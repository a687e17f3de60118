package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.container.Provisioning;
import com.busdk.upcloud.domain.container.SshTarget;
import com.busdk.upcloud.ports.ServerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerConfigTest {
  @Test
  void defaults() {
    ContainerConfig c = load().container();
    assertNull(c.runnerName());
    assertEquals("docker.io/library/alpine:3.20", c.runs().codexImage());
    assertEquals("fi-hel2", c.newRunner().zone());
    assertEquals("CLOUDNATIVE-1xCPU-4GB", c.newRunner().plan());
    assertEquals("Ubuntu Server 24.04 LTS (Noble Numbat)", c.newRunner().os());
    assertEquals(0, c.newRunner().osStorageSizeGb());
    assertEquals(ServerSpec.NetworkMode.PRIVATE, c.newRunner().networkMode());
    assertEquals("ai-platform-private-fi-hel2", c.newRunner().privateNetwork());
    assertNull(c.newRunner().privateIp());
    assertEquals(List.of(), c.newRunner().sshKeys());
    assertNull(c.ssh().target());
    assertEquals(List.of("root", "ubuntu"), c.ssh().users());
    assertEquals("slirp4netns", c.runs().network());
    assertEquals("1g", c.runs().tmpfsSize());
    assertTrue(c.runs().readOnly());
    assertNull(c.runs().user());
    assertEquals("/workspace", c.runs().workdir());
    assertEquals(Duration.ofMinutes(30), c.runs().timeout());
    assertEquals(Duration.ofMinutes(10), c.startTimeout());
    assertEquals(Provisioning.CREATE, c.provisioning());
  }

  @Test
  void everyFlag() {
    ContainerConfig c =
        load(
                "--container-runner-name=ai-platform-container-runner",
                "--container-codex-image=ghcr.io/example/codex:1.2",
                "--container-zone=de-fra1",
                "--container-plan=2xCPU-4GB",
                "--container-os=Debian GNU/Linux 12 (Bookworm)",
                "--container-os-storage-size=50",
                "--container-network-mode=public",
                "--container-private-network=net-0a1b",
                "--container-private-ip=10.8.0.5",
                "--container-ssh-keys=/etc/bus/id_ed25519.pub  /etc/bus/second.pub",
                "--container-ssh-target=ops@10.8.0.5",
                "--container-ssh-users=admin debian",
                "--container-run-network=pasta",
                "--container-run-tmpfs-size=512m",
                "--container-run-read-only=false",
                "--container-run-user=1000:1000",
                "--container-run-workdir=/work",
                "--container-run-timeout=1h30m",
                "--container-start-timeout=15m",
                "--container-runner-provisioning=existing-only")
            .container();
    assertEquals("ai-platform-container-runner", c.runnerName());
    assertEquals("ghcr.io/example/codex:1.2", c.runs().codexImage());
    assertEquals("de-fra1", c.newRunner().zone());
    assertEquals("2xCPU-4GB", c.newRunner().plan());
    assertEquals("Debian GNU/Linux 12 (Bookworm)", c.newRunner().os());
    assertEquals(50, c.newRunner().osStorageSizeGb());
    assertEquals(ServerSpec.NetworkMode.PUBLIC, c.newRunner().networkMode());
    assertEquals("net-0a1b", c.newRunner().privateNetwork());
    assertEquals("10.8.0.5", c.newRunner().privateIp());
    assertEquals(
        List.of(Path.of("/etc/bus/id_ed25519.pub"), Path.of("/etc/bus/second.pub")),
        c.newRunner().sshKeys());
    assertEquals(SshTarget.parse("ops@10.8.0.5"), c.ssh().target());
    assertEquals(List.of("admin", "debian"), c.ssh().users());
    assertEquals("pasta", c.runs().network());
    assertEquals("512m", c.runs().tmpfsSize());
    assertFalse(c.runs().readOnly());
    assertEquals("1000:1000", c.runs().user());
    assertEquals("/work", c.runs().workdir());
    assertEquals(Duration.ofMinutes(90), c.runs().timeout());
    assertEquals(Duration.ofMinutes(15), c.startTimeout());
    assertEquals(Provisioning.EXISTING_ONLY, c.provisioning());
  }

  @Test
  void everyEnvironmentVariable() {
    Map<String, String> env =
        env(
            "UPCLOUD_CONTAINER_RUNNER_NAME", "runner-b",
            "UPCLOUD_CONTAINER_CODEX_IMAGE", "quay.io/example/codex:2",
            "UPCLOUD_CONTAINER_ZONE", "uk-lon1",
            "UPCLOUD_CONTAINER_PLAN", "DEV-1xCPU-2GB",
            "UPCLOUD_CONTAINER_OS", "Rocky Linux 9",
            "UPCLOUD_CONTAINER_OS_STORAGE_SIZE", "80",
            "UPCLOUD_CONTAINER_NETWORK_MODE", "PUBLIC",
            "UPCLOUD_CONTAINER_PRIVATE_NETWORK_NAME", "private-b",
            "UPCLOUD_CONTAINER_PRIVATE_IP", "172.16.4.20",
            "UPCLOUD_CONTAINER_SSH_KEYS", "/keys/a.pub",
            "UPCLOUD_CONTAINER_SSH_TARGET", "root@runner-b.internal",
            "UPCLOUD_CONTAINER_USERNAME_CANDIDATES", "rocky",
            "UPCLOUD_CONTAINER_RUN_NETWORK", "none",
            "UPCLOUD_CONTAINER_RUN_TMPFS_SIZE", "2g",
            "UPCLOUD_CONTAINER_RUN_READ_ONLY", "0",
            "UPCLOUD_CONTAINER_RUN_USER", "nobody",
            "UPCLOUD_CONTAINER_RUN_WORKDIR", "/srv",
            "UPCLOUD_CONTAINER_RUN_TIMEOUT", "600",
            "UPCLOUD_CONTAINER_START_TIMEOUT", "20m",
            "UPCLOUD_CONTAINER_RUNNER_PROVISIONING", "adopt-existing");
    ContainerConfig c = load(env).container();
    assertEquals("runner-b", c.runnerName());
    assertEquals("quay.io/example/codex:2", c.runs().codexImage());
    assertEquals("uk-lon1", c.newRunner().zone());
    assertEquals("DEV-1xCPU-2GB", c.newRunner().plan());
    assertEquals("Rocky Linux 9", c.newRunner().os());
    assertEquals(80, c.newRunner().osStorageSizeGb());
    assertEquals(ServerSpec.NetworkMode.PUBLIC, c.newRunner().networkMode());
    assertEquals("private-b", c.newRunner().privateNetwork());
    assertEquals("172.16.4.20", c.newRunner().privateIp());
    assertEquals(List.of(Path.of("/keys/a.pub")), c.newRunner().sshKeys());
    assertEquals(SshTarget.parse("root@runner-b.internal"), c.ssh().target());
    assertEquals(List.of("rocky"), c.ssh().users());
    assertEquals("none", c.runs().network());
    assertEquals("2g", c.runs().tmpfsSize());
    assertFalse(c.runs().readOnly());
    assertEquals("nobody", c.runs().user());
    assertEquals("/srv", c.runs().workdir());
    assertEquals(Duration.ofMinutes(10), c.runs().timeout());
    assertEquals(Duration.ofMinutes(20), c.startTimeout());
    assertEquals(Provisioning.ADOPT_EXISTING, c.provisioning());
  }

  @Test
  void flagBeatsEnvironment() {
    ContainerConfig c =
        load(
                env(
                    "UPCLOUD_CONTAINER_ZONE", "uk-lon1",
                    "UPCLOUD_CONTAINER_RUN_READ_ONLY", "false",
                    "UPCLOUD_CONTAINER_RUN_TIMEOUT", "60"),
                "--container-zone=nl-ams1",
                "--container-run-read-only",
                "--container-run-timeout=2m")
            .container();
    assertEquals("nl-ams1", c.newRunner().zone());
    assertTrue(c.runs().readOnly());
    assertEquals(Duration.ofMinutes(2), c.runs().timeout());
  }

  @Test
  void privateNetworkDefaultFollowsTheEffectiveZone() {
    assertEquals(
        "ai-platform-private-de-fra1",
        load(env("UPCLOUD_CONTAINER_ZONE", "uk-lon1"), "--container-zone", "de-fra1")
            .container()
            .newRunner()
            .privateNetwork());
  }

  @Test
  void booleanFlagForms() {
    assertTrue(load("--container-run-read-only").container().runs().readOnly());
    assertTrue(load("--container-run-read-only=true").container().runs().readOnly());
    assertFalse(load("--container-run-read-only=false").container().runs().readOnly());
    assertFalse(load("--container-run-read-only=OFF").container().runs().readOnly());
    assertEquals(
        "--container-run-read-only: invalid boolean \"nope\" (accepted: 1, true, yes, on, 0,"
            + " false, no, off)",
        error("--container-run-read-only=nope"));
  }

  @Test
  void invalidBooleanEnvironmentValueFallsBackWithAWarning() {
    Settings settings = load(env("UPCLOUD_CONTAINER_RUN_READ_ONLY", "maybe"));
    assertTrue(settings.container().runs().readOnly());
    assertEquals(
        List.of(
            "UPCLOUD_CONTAINER_RUN_READ_ONLY: invalid boolean \"maybe\", using the default true"),
        settings.warnings());
  }

  @Test
  void aBadSshTargetFailsAtStartNamingTheValue() {
    assertEquals("--container-ssh-target: invalid host \"\"", error("--container-ssh-target=ops@"));
    assertEquals(
        "UPCLOUD_CONTAINER_SSH_TARGET: invalid user \"\"",
        error(env("UPCLOUD_CONTAINER_SSH_TARGET", "@runner.internal")));
    assertEquals(
        "--container-ssh-target: port 2222 is not supported (runners are reached on port 22)",
        error("--container-ssh-target=ops@runner.internal:2222"));
    assertEquals(
        "--container-ssh-target: invalid port \"ssh\"",
        error("--container-ssh-target=runner.internal:ssh"));
    assertNull(load("--container-ssh-target= ").container().ssh().target());
  }

  @Test
  void documentedErrors() {
    assertEquals(
        "--container-network-mode: unsupported container network mode: \"vpn\"",
        error("--container-network-mode=vpn"));
    assertEquals(
        "UPCLOUD_CONTAINER_NETWORK_MODE: unsupported container network mode: \"utility\"",
        error(env("UPCLOUD_CONTAINER_NETWORK_MODE", "utility")));
    assertEquals(
        "--container-runner-provisioning: unsupported container runner provisioning: \"always\"",
        error("--container-runner-provisioning=always"));
    assertEquals(
        "--container-run-timeout: invalid duration \"5x\"", error("--container-run-timeout=5x"));
    assertEquals(
        "--container-start-timeout: invalid duration \"600\" (add a unit, e.g. 600s)",
        error("--container-start-timeout=600"));
    assertEquals(
        "--container-os-storage-size: invalid size \"-1\" (allowed: 0 or more)",
        error("--container-os-storage-size=-1"));
    assertEquals(
        "UPCLOUD_CONTAINER_OS_STORAGE_SIZE: invalid size \"10GB\"",
        error(env("UPCLOUD_CONTAINER_OS_STORAGE_SIZE", "10GB")));
    assertEquals(
        "--container-private-ip: invalid IPv4 address \"10.0.0.256\"",
        error("--container-private-ip=10.0.0.256"));
    assertEquals(
        "--container-run-tmpfs-size: invalid size \"1 g; rm\" (e.g. 512m or 1g)",
        error("--container-run-tmpfs-size=1 g; rm"));
    assertEquals(
        "--container-ssh-users: needs at least one entry", error("--container-ssh-users= "));
    assertEquals("--container-zone: must not be empty", error("--container-zone="));
  }

  @Test
  void recordCopiesLists() {
    ContainerConfig c = load("--container-ssh-users=a b").container();
    assertThrows(UnsupportedOperationException.class, () -> c.ssh().users().add("c"));
  }
}
