package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.container.NetplanMode;
import com.busdk.upcloud.ports.LifecycleState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {
  @Test
  void defaults() {
    RunnerConfig r = load().runner();
    assertEquals(List.of(), r.bootstrap().dnsServers());
    assertEquals(NetplanMode.MAC_MATCH, r.bootstrap().netplanMode());
    assertFalse(r.bootstrap().applyNetplan());
    assertTrue(r.delete().stopFirst());
    assertEquals(Set.of(LifecycleState.STOPPED), r.delete().readyStates());
    assertEquals(
        Set.of(LifecycleState.MAINTENANCE, LifecycleState.PENDING), r.delete().transientStates());
    assertEquals(Duration.ofMinutes(10), r.delete().timeout());
    assertEquals(Duration.ofSeconds(5), r.delete().pollInterval());
    assertTrue(r.delete().deleteStorage());
    assertEquals(Duration.ofMinutes(10), r.readiness().timeout());
    assertEquals(Duration.ofSeconds(5), r.readiness().pollInterval());
    assertFalse(r.admin());
  }

  @Test
  void everyFlag() {
    RunnerConfig r =
        load(
                "--runner-dns-servers=1.1.1.1, 2606:4700:4700::1111",
                "--runner-netplan-mode=mac-match",
                "--runner-apply-netplan",
                "--runner-delete-stop-first=false",
                "--runner-delete-ready-states=stopped,unavailable",
                "--runner-transient-states=maintenance",
                "--runner-delete-timeout=20m",
                "--runner-delete-poll-interval=10s",
                "--runner-delete-storage=no",
                "--runner-ssh-ready-timeout=3m",
                "--runner-ssh-ready-poll-interval=500ms",
                "--runner-admin")
            .runner();
    assertEquals(List.of("1.1.1.1", "2606:4700:4700::1111"), r.bootstrap().dnsServers());
    assertEquals(NetplanMode.MAC_MATCH, r.bootstrap().netplanMode());
    assertTrue(r.bootstrap().applyNetplan());
    assertFalse(r.delete().stopFirst());
    assertEquals(
        Set.of(LifecycleState.STOPPED, LifecycleState.UNAVAILABLE), r.delete().readyStates());
    assertEquals(Set.of(LifecycleState.MAINTENANCE), r.delete().transientStates());
    assertEquals(Duration.ofMinutes(20), r.delete().timeout());
    assertEquals(Duration.ofSeconds(10), r.delete().pollInterval());
    assertFalse(r.delete().deleteStorage());
    assertEquals(Duration.ofMinutes(3), r.readiness().timeout());
    assertEquals(Duration.ofMillis(500), r.readiness().pollInterval());
    assertTrue(r.admin());
  }

  @Test
  void everyEnvironmentVariable() {
    RunnerConfig r =
        load(env(
                "BUS_RUNNER_DNS_SERVERS", "9.9.9.9",
                "BUS_RUNNER_NETPLAN_MODE", "MAC-MATCH",
                "BUS_RUNNER_APPLY_NETPLAN", "on",
                "BUS_RUNNER_DELETE_STOP_FIRST", "0",
                "BUS_RUNNER_DELETE_READY_STATES", "stopped,maintenance",
                "BUS_RUNNER_TRANSIENT_STATES", "pending",
                "BUS_RUNNER_DELETE_TIMEOUT", "1200",
                "BUS_RUNNER_DELETE_POLL_INTERVAL", "2s",
                "BUS_RUNNER_DELETE_STORAGE", "off",
                "BUS_RUNNER_SSH_READY_TIMEOUT", "4m",
                "BUS_RUNNER_SSH_READY_POLL_INTERVAL", "3",
                "BUS_UPCLOUD_RUNNER_ADMIN", "yes"))
            .runner();
    assertEquals(List.of("9.9.9.9"), r.bootstrap().dnsServers());
    assertEquals(NetplanMode.MAC_MATCH, r.bootstrap().netplanMode());
    assertTrue(r.bootstrap().applyNetplan());
    assertFalse(r.delete().stopFirst());
    assertEquals(
        Set.of(LifecycleState.STOPPED, LifecycleState.MAINTENANCE), r.delete().readyStates());
    assertEquals(Set.of(LifecycleState.PENDING), r.delete().transientStates());
    assertEquals(Duration.ofMinutes(20), r.delete().timeout());
    assertEquals(Duration.ofSeconds(2), r.delete().pollInterval());
    assertFalse(r.delete().deleteStorage());
    assertEquals(Duration.ofMinutes(4), r.readiness().timeout());
    assertEquals(Duration.ofSeconds(3), r.readiness().pollInterval());
    assertTrue(r.admin());
  }

  @Test
  void flagBeatsEnvironment() {
    RunnerConfig r =
        load(
                env(
                    "BUS_RUNNER_DELETE_STORAGE", "false",
                    "BUS_RUNNER_DNS_SERVERS", "9.9.9.9",
                    "BUS_UPCLOUD_RUNNER_ADMIN", "1"),
                "--runner-delete-storage=true",
                "--runner-dns-servers=",
                "--runner-admin=false")
            .runner();
    assertTrue(r.delete().deleteStorage());
    assertEquals(List.of(), r.bootstrap().dnsServers());
    assertFalse(r.admin());
  }

  @Test
  void aMisspeltLifecycleStateFailsAtStartNamingIt() {
    assertEquals(
        "--runner-delete-ready-states: unknown lifecycle state \"stoped\" (known: ready, starting,"
            + " stopped, maintenance, pending, unavailable)",
        error("--runner-delete-ready-states=stoped"));
    assertEquals(
        "BUS_RUNNER_TRANSIENT_STATES: unknown lifecycle state \"busy\" (known: ready, starting,"
            + " stopped, maintenance, pending, unavailable)",
        error(env("BUS_RUNNER_TRANSIENT_STATES", "maintenance, busy")));
    assertEquals(
        Set.of(LifecycleState.STOPPED),
        load("--runner-delete-ready-states= Stopped ,").runner().delete().readyStates());
  }

  @Test
  void documentedErrors() {
    assertEquals(
        "--runner-netplan-mode: unsupported runner netplan mode: \"first-nic\"",
        error("--runner-netplan-mode=first-nic"));
    assertEquals(
        "BUS_RUNNER_NETPLAN_MODE: unsupported runner netplan mode: \"dhcp\"",
        error(env("BUS_RUNNER_NETPLAN_MODE", "dhcp")));
    assertEquals(
        "--runner-dns-servers: invalid IP address \"dns.example\"",
        error("--runner-dns-servers=1.1.1.1,dns.example"));
    assertEquals(
        "--runner-delete-timeout: invalid duration \"10\" (add a unit, e.g. 10s)",
        error("--runner-delete-timeout=10"));
    assertEquals(
        "--runner-admin: invalid boolean \"admin\" (accepted: 1, true, yes, on, 0, false, no,"
            + " off)",
        error("--runner-admin=admin"));
  }

  @Test
  void invalidBooleanEnvironmentValuesFallBackWithWarnings() {
    Settings settings =
        load(
            env(
                "BUS_RUNNER_DELETE_STORAGE", "keep",
                "BUS_RUNNER_APPLY_NETPLAN", "please",
                "BUS_UPCLOUD_RUNNER_ADMIN", "2"));
    assertTrue(settings.runner().delete().deleteStorage());
    assertFalse(settings.runner().bootstrap().applyNetplan());
    assertFalse(settings.runner().admin());
    assertEquals(3, settings.warnings().size(), settings.warnings().toString());
    assertTrue(
        settings
            .warnings()
            .contains(
                "BUS_RUNNER_DELETE_STORAGE: invalid boolean \"keep\", using the default true"));
  }
}
