package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Runner bootstrap, readiness and the delete policy.
 *
 * @param dnsServers DNS servers written by bootstrap; empty keeps the image's resolver
 * @param netplanMode how bootstrap picks the netplan interface
 * @param applyNetplan render and apply netplan before package installation
 * @param deleteStopFirst stop the runner before deleting it unless it is delete-ready
 * @param deleteReadyStates generic lifecycle states in which delete proceeds
 * @param transientStates generic lifecycle states polled through during delete
 * @param deleteTimeout bound of the whole delete
 * @param deletePollInterval pause between state polls during delete
 * @param deleteStorage delete the runner's storage with it
 * @param sshReadyTimeout bound of the provider-state and SSH port wait
 * @param sshReadyPollInterval pause between readiness probes
 * @param admin serve the protected runner administration events
 */
public record RunnerConfig(
    List<String> dnsServers,
    NetplanMode netplanMode,
    boolean applyNetplan,
    boolean deleteStopFirst,
    List<String> deleteReadyStates,
    List<String> transientStates,
    Duration deleteTimeout,
    Duration deletePollInterval,
    boolean deleteStorage,
    Duration sshReadyTimeout,
    Duration sshReadyPollInterval,
    boolean admin) {

  public RunnerConfig {
    dnsServers = List.copyOf(requireNonNull(dnsServers, "dnsServers is null"));
    requireNonNull(netplanMode, "netplanMode is null");
    deleteReadyStates = List.copyOf(requireNonNull(deleteReadyStates, "deleteReadyStates is null"));
    transientStates = List.copyOf(requireNonNull(transientStates, "transientStates is null"));
    Checks.positive(deleteTimeout, "deleteTimeout");
    Checks.positive(deletePollInterval, "deletePollInterval");
    Checks.positive(sshReadyTimeout, "sshReadyTimeout");
    Checks.positive(sshReadyPollInterval, "sshReadyPollInterval");
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }
}
