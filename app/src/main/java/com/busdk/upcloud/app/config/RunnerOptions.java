package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Option.toggle;
import static com.busdk.upcloud.app.config.Option.value;

import com.busdk.upcloud.domain.container.DeletePolicy;
import com.busdk.upcloud.domain.container.NetplanMode;
import com.busdk.upcloud.ports.LifecycleState;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Runner bootstrap, readiness, the delete policy and the administration events. */
final class RunnerOptions {
  private RunnerOptions() {}

  private static final HelpSection S = HelpSection.RUNNER;

  static final Option<List<String>> DNS_SERVERS =
      value(
          S,
          "--runner-dns-servers",
          "BUS_RUNNER_DNS_SERVERS",
          "ip,ip",
          null,
          Conversions::ipAddresses,
          "Comma-separated DNS server IP addresses for the runner. Empty disables the override.");
  static final Option<NetplanMode> NETPLAN_MODE =
      value(
          S,
          "--runner-netplan-mode",
          "BUS_RUNNER_NETPLAN_MODE",
          "mac-match",
          "mac-match",
          (raw, flag) ->
              WireNames.parse(NetplanMode.values(), NetplanMode::wire, raw, "runner netplan mode"),
          "How bootstrap picks the netplan interface: mac-match matches the discovered NIC MAC"
              + " address, the only production safe mode.");
  static final Option<Boolean> APPLY_NETPLAN =
      toggle(
          S,
          "--runner-apply-netplan",
          "BUS_RUNNER_APPLY_NETPLAN",
          "false",
          "Render and apply netplan before package installation during bootstrap.");
  static final Option<Boolean> DELETE_STOP_FIRST =
      toggle(
          S,
          "--runner-delete-stop-first",
          "BUS_RUNNER_DELETE_STOP_FIRST",
          "true",
          "Stop the runner before deleting it unless it is already delete-ready.");
  static final Option<Set<LifecycleState>> DELETE_READY_STATES =
      value(
          S,
          "--runner-delete-ready-states",
          "BUS_RUNNER_DELETE_READY_STATES",
          "states",
          "stopped",
          Conversions::lifecycleStates,
          "Comma-separated lifecycle states in which delete proceeds.");
  static final Option<Set<LifecycleState>> TRANSIENT_STATES =
      value(
          S,
          "--runner-transient-states",
          "BUS_RUNNER_TRANSIENT_STATES",
          "states",
          "maintenance,pending",
          Conversions::lifecycleStates,
          "Comma-separated lifecycle states that delete polls through.");
  static final Option<Duration> DELETE_TIMEOUT =
      value(
          S,
          "--runner-delete-timeout",
          "BUS_RUNNER_DELETE_TIMEOUT",
          "duration",
          "10m",
          Conversions::positiveDuration,
          "Bound of a runner delete.");
  static final Option<Duration> DELETE_POLL_INTERVAL =
      value(
          S,
          "--runner-delete-poll-interval",
          "BUS_RUNNER_DELETE_POLL_INTERVAL",
          "duration",
          "5s",
          Conversions::positiveDuration,
          "Pause between state polls during delete.");
  static final Option<Boolean> DELETE_STORAGE =
      toggle(
          S,
          "--runner-delete-storage",
          "BUS_RUNNER_DELETE_STORAGE",
          "true",
          "Delete the runner's storage with it (destructive); turn off to keep the disk for"
              + " inspection.");
  static final Option<Duration> SSH_READY_TIMEOUT =
      value(
          S,
          "--runner-ssh-ready-timeout",
          "BUS_RUNNER_SSH_READY_TIMEOUT",
          "duration",
          "10m",
          Conversions::positiveDuration,
          "Bound of the provider-state and SSH port readiness wait.");
  static final Option<Duration> SSH_READY_POLL_INTERVAL =
      value(
          S,
          "--runner-ssh-ready-poll-interval",
          "BUS_RUNNER_SSH_READY_POLL_INTERVAL",
          "duration",
          "5s",
          Conversions::positiveDuration,
          "Pause between readiness probes.");
  static final Option<Boolean> ADMIN =
      toggle(
          S,
          "--runner-admin",
          "BUS_UPCLOUD_RUNNER_ADMIN",
          "false",
          "Also serve the protected runner status, start and delete events (the token needs"
              + " container:admin).");

  static final List<Option<?>> ALL =
      List.of(
          DNS_SERVERS,
          NETPLAN_MODE,
          APPLY_NETPLAN,
          DELETE_STOP_FIRST,
          DELETE_READY_STATES,
          TRANSIENT_STATES,
          DELETE_TIMEOUT,
          DELETE_POLL_INTERVAL,
          DELETE_STORAGE,
          SSH_READY_TIMEOUT,
          SSH_READY_POLL_INTERVAL,
          ADMIN);

  static RunnerConfig load(Inputs in) {
    List<String> dns = in.value(DNS_SERVERS);
    RunnerConfig.Bootstrap bootstrap =
        new RunnerConfig.Bootstrap(
            dns == null ? List.of() : dns, in.value(NETPLAN_MODE), in.bool(APPLY_NETPLAN));
    DeletePolicy delete =
        new DeletePolicy(
            in.bool(DELETE_STOP_FIRST),
            in.value(DELETE_READY_STATES),
            in.value(TRANSIENT_STATES),
            in.value(DELETE_TIMEOUT),
            in.value(DELETE_POLL_INTERVAL),
            in.bool(DELETE_STORAGE));
    RunnerConfig.Readiness readiness =
        new RunnerConfig.Readiness(in.value(SSH_READY_TIMEOUT), in.value(SSH_READY_POLL_INTERVAL));
    return new RunnerConfig(bootstrap, readiness, delete, in.bool(ADMIN));
  }
}
