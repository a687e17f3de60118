package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.ServerSpec;
import java.time.Duration;
import java.util.List;

/**
 * Which runner server to use, how to create it, and the bounds of every wait on it.
 *
 * @param runnerName the runner's name or UUID; also its title and hostname when created
 * @param provisioning whether the worker may create and delete the runner
 * @param zone zone of a created runner
 * @param plan server plan of a created runner
 * @param osTemplate OS storage template title or UUID
 * @param osStorageSizeGb OS disk size; 0 keeps the template's size
 * @param networkMode private NIC (default) or public NIC
 * @param privateNetwork private network name or UUID (private mode)
 * @param privateIp fixed private IPv4 of a created runner, or null
 * @param sshKeys public keys injected into a created runner
 * @param startTimeout bounds create, start and the wait for {@code started}
 * @param sshReadyTimeout bounds the SSH port readiness wait
 * @param sshReadyPollInterval pause between SSH port probes
 * @param statePollInterval pause between server state reads while starting
 * @param applyNetplan whether bootstrap asks the ssh-runner to apply netplan first
 * @param netplanMode netplan mode; only {@code mac-match} is supported
 * @param dnsServers DNS servers for the netplan set-up; empty keeps the image's
 * @param bootstrapTimeout bounds the bootstrap script
 */
public record RunnerSettings(
    String runnerName,
    Provisioning provisioning,
    String zone,
    String plan,
    String osTemplate,
    int osStorageSizeGb,
    ServerSpec.NetworkMode networkMode,
    String privateNetwork,
    String privateIp,
    SshKeySource sshKeys,
    Duration startTimeout,
    Duration sshReadyTimeout,
    Duration sshReadyPollInterval,
    Duration statePollInterval,
    boolean applyNetplan,
    String netplanMode,
    List<String> dnsServers,
    Duration bootstrapTimeout) {

  public static final String MAC_MATCH = "mac-match";
  public static final Duration DEFAULT_STATE_POLL_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_BOOTSTRAP_TIMEOUT = Duration.ofMinutes(10);

  public RunnerSettings {
    requireNonNull(runnerName, "runnerName is null");
    requireNonNull(provisioning, "provisioning is null");
    requireNonNull(zone, "zone is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(osTemplate, "osTemplate is null");
    requireNonNull(networkMode, "networkMode is null");
    requireNonNull(sshKeys, "sshKeys is null");
    Durations.requirePositive(startTimeout, "startTimeout");
    Durations.requirePositive(sshReadyTimeout, "sshReadyTimeout");
    Durations.requirePositive(sshReadyPollInterval, "sshReadyPollInterval");
    Durations.requirePositive(statePollInterval, "statePollInterval");
    Durations.requirePositive(bootstrapTimeout, "bootstrapTimeout");
    if (runnerName.isBlank()) {
      throw new IllegalArgumentException("runnerName is blank");
    }
    if (osStorageSizeGb < 0) {
      throw new IllegalArgumentException(
          "osStorageSizeGb must not be negative: " + osStorageSizeGb);
    }
    privateNetwork = privateNetwork == null || privateNetwork.isBlank() ? null : privateNetwork;
    privateIp = privateIp == null || privateIp.isBlank() ? null : privateIp;
    netplanMode = netplanMode == null || netplanMode.isBlank() ? MAC_MATCH : netplanMode.trim();
    dnsServers =
        dnsServers == null ? List.of() : dnsServers.stream().filter(s -> !s.isBlank()).toList();
  }
}
