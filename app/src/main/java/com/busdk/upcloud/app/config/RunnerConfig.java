package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.container.DeletePolicy;
import com.busdk.upcloud.domain.container.NetplanMode;
import java.time.Duration;
import java.util.List;

/**
 * Runner bootstrap, readiness and the delete policy.
 *
 * @param bootstrap the network set-up bootstrap applies
 * @param readiness the wait for the runner's provider state and SSH port
 * @param delete the delete policy, as the domain uses it
 * @param admin serve the protected runner administration events
 */
public record RunnerConfig(
    Bootstrap bootstrap, Readiness readiness, DeletePolicy delete, boolean admin) {

  public RunnerConfig {
    requireNonNull(bootstrap, "bootstrap is null");
    requireNonNull(readiness, "readiness is null");
    requireNonNull(delete, "delete is null");
  }

  /** The same runner configuration without the administration events. */
  public RunnerConfig withoutAdmin() {
    return new RunnerConfig(bootstrap, readiness, delete, false);
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }

  /**
   * The network set-up of runner bootstrap.
   *
   * @param dnsServers DNS servers written by bootstrap; empty keeps the image's resolver
   * @param netplanMode how bootstrap picks the netplan interface
   * @param applyNetplan render and apply netplan before package installation
   */
  public record Bootstrap(List<String> dnsServers, NetplanMode netplanMode, boolean applyNetplan) {
    public Bootstrap {
      dnsServers = List.copyOf(requireNonNull(dnsServers, "dnsServers is null"));
      requireNonNull(netplanMode, "netplanMode is null");
    }
  }

  /**
   * The wait for a started runner to accept SSH.
   *
   * @param timeout bound of the provider-state and SSH port wait
   * @param pollInterval pause between readiness probes
   */
  public record Readiness(Duration timeout, Duration pollInterval) {
    public Readiness {
      Checks.positive(timeout, "sshReadyTimeout");
      Checks.positive(pollInterval, "sshReadyPollInterval");
    }

    @Override
    public String toString() {
      return ConfigText.describe(this);
    }
  }
}
