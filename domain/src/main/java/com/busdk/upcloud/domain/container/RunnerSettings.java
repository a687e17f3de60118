package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.ServerSpec;
import java.time.Duration;
import java.util.List;

/**
 * Which runner server to use, how to create it, and the bounds of every wait on it. Built with
 * {@link #builder}: unset values take the documented option defaults.
 *
 * <p>The start timeout bounds runner create, start and the wait for {@code started}, and unless a
 * separate {@link Builder#bootstrapTimeout bootstrap timeout} is given it bounds the bootstrap
 * script as well: the operator sets one bound for "getting a runner ready".
 */
public final class RunnerSettings {
  public static final Duration DEFAULT_STATE_POLL_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);

  private final String runnerName;
  private final Provisioning provisioning;
  private final String zone;
  private final String plan;
  private final String osTemplate;
  private final int osStorageSizeGb;
  private final ServerSpec.NetworkMode networkMode;
  private final String privateNetwork;
  private final String privateIp;
  private final SshKeySource sshKeys;
  private final Duration startTimeout;
  private final Duration sshReadyTimeout;
  private final Duration sshReadyPollInterval;
  private final Duration statePollInterval;
  private final boolean applyNetplan;
  private final NetplanMode netplanMode;
  private final List<String> dnsServers;
  private final Duration bootstrapTimeout;

  /** The bootstrap bound when set apart from the start timeout; null when the start bounds it. */
  private final Duration bootstrapApart;

  private RunnerSettings(Builder b) {
    runnerName = requireNonNull(b.runnerName, "runnerName is null");
    provisioning = requireNonNull(b.provisioning, "provisioning is null");
    zone = requireNonNull(b.zone, "zone is null");
    plan = requireNonNull(b.plan, "plan is null");
    osTemplate = requireNonNull(b.osTemplate, "osTemplate is null");
    networkMode = requireNonNull(b.networkMode, "networkMode is null");
    sshKeys = requireNonNull(b.sshKeys, "sshKeys is null");
    netplanMode = requireNonNull(b.netplanMode, "netplanMode is null");
    startTimeout = Durations.requirePositive(b.startTimeout, "startTimeout");
    sshReadyTimeout = Durations.requirePositive(b.sshReadyTimeout, "sshReadyTimeout");
    sshReadyPollInterval =
        Durations.requirePositive(b.sshReadyPollInterval, "sshReadyPollInterval");
    statePollInterval = Durations.requirePositive(b.statePollInterval, "statePollInterval");
    bootstrapApart = b.bootstrapTimeout;
    bootstrapTimeout =
        Durations.requirePositive(
            b.bootstrapTimeout == null ? startTimeout : b.bootstrapTimeout, "bootstrapTimeout");
    if (runnerName.isBlank()) {
      throw new IllegalArgumentException("runnerName is blank");
    }
    if (b.osStorageSizeGb < 0) {
      throw new IllegalArgumentException(
          "osStorageSizeGb must not be negative: " + b.osStorageSizeGb);
    }
    osStorageSizeGb = b.osStorageSizeGb;
    privateNetwork = blankToNull(b.privateNetwork);
    privateIp = blankToNull(b.privateIp);
    applyNetplan = b.applyNetplan;
    dnsServers = b.dnsServers.stream().filter(s -> !s.isBlank()).toList();
  }

  /** Settings for the runner {@code runnerName}; everything else has the option defaults. */
  public static Builder builder(String runnerName, Provisioning provisioning) {
    return new Builder(runnerName, provisioning);
  }

  /** A builder holding these settings, to change a few of them. */
  public Builder toBuilder() {
    return new Builder(runnerName, provisioning)
        .zone(zone)
        .plan(plan)
        .osTemplate(osTemplate)
        .osStorageSizeGb(osStorageSizeGb)
        .networkMode(networkMode)
        .privateNetwork(privateNetwork)
        .privateIp(privateIp)
        .sshKeys(sshKeys)
        .startTimeout(startTimeout)
        .sshReadyTimeout(sshReadyTimeout)
        .sshReadyPollInterval(sshReadyPollInterval)
        .statePollInterval(statePollInterval)
        .applyNetplan(applyNetplan)
        .netplanMode(netplanMode)
        .dnsServers(dnsServers)
        .bootstrapTimeout(bootstrapApart);
  }

  /** The runner's name or UUID; also its title and hostname when created. */
  public String runnerName() {
    return runnerName;
  }

  /** Whether the worker may create and delete the runner. */
  public Provisioning provisioning() {
    return provisioning;
  }

  /** Zone of a created runner. */
  public String zone() {
    return zone;
  }

  /** Server plan of a created runner. */
  public String plan() {
    return plan;
  }

  /** OS storage template title or UUID. */
  public String osTemplate() {
    return osTemplate;
  }

  /** OS disk size; 0 keeps the template's size. */
  public int osStorageSizeGb() {
    return osStorageSizeGb;
  }

  /** Private NIC (default) or public NIC. */
  public ServerSpec.NetworkMode networkMode() {
    return networkMode;
  }

  /** Private network name or UUID (private mode), or null. */
  public String privateNetwork() {
    return privateNetwork;
  }

  /** Fixed private IPv4 of a created runner, or null. */
  public String privateIp() {
    return privateIp;
  }

  /** Public keys injected into a created runner. */
  public SshKeySource sshKeys() {
    return sshKeys;
  }

  /** Bounds create, start and the wait for {@code started}. */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** Bounds the SSH port readiness wait. */
  public Duration sshReadyTimeout() {
    return sshReadyTimeout;
  }

  /** Pause between SSH port probes. */
  public Duration sshReadyPollInterval() {
    return sshReadyPollInterval;
  }

  /** Pause between server state reads while starting. */
  public Duration statePollInterval() {
    return statePollInterval;
  }

  /** Whether bootstrap asks the ssh-runner to apply netplan first. */
  public boolean applyNetplan() {
    return applyNetplan;
  }

  /** How bootstrap picks the netplan interface. */
  public NetplanMode netplanMode() {
    return netplanMode;
  }

  /** DNS servers for the netplan set-up; empty keeps the image's. */
  public List<String> dnsServers() {
    return dnsServers;
  }

  /** Bounds the bootstrap script: the start timeout unless set apart. */
  public Duration bootstrapTimeout() {
    return bootstrapTimeout;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  /** Collects the settings by name; {@link #build} checks them together. */
  public static final class Builder {
    private final String runnerName;
    private final Provisioning provisioning;
    private String zone = "fi-hel2";
    private String plan = "CLOUDNATIVE-1xCPU-4GB";
    private String osTemplate = "Ubuntu Server 24.04 LTS (Noble Numbat)";
    private int osStorageSizeGb;
    private ServerSpec.NetworkMode networkMode = ServerSpec.NetworkMode.PRIVATE;
    private String privateNetwork;
    private String privateIp;
    private SshKeySource sshKeys = List::of;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration sshReadyTimeout = Duration.ofMinutes(10);
    private Duration sshReadyPollInterval = Duration.ofSeconds(5);
    private Duration statePollInterval = DEFAULT_STATE_POLL_INTERVAL;
    private boolean applyNetplan;
    private NetplanMode netplanMode = NetplanMode.MAC_MATCH;
    private List<String> dnsServers = List.of();
    private Duration bootstrapTimeout;

    private Builder(String runnerName, Provisioning provisioning) {
      this.runnerName = runnerName;
      this.provisioning = provisioning;
    }

    public Builder zone(String value) {
      zone = value;
      return this;
    }

    public Builder plan(String value) {
      plan = value;
      return this;
    }

    public Builder osTemplate(String value) {
      osTemplate = value;
      return this;
    }

    public Builder osStorageSizeGb(int value) {
      osStorageSizeGb = value;
      return this;
    }

    public Builder networkMode(ServerSpec.NetworkMode value) {
      networkMode = value;
      return this;
    }

    public Builder privateNetwork(String value) {
      privateNetwork = value;
      return this;
    }

    public Builder privateIp(String value) {
      privateIp = value;
      return this;
    }

    public Builder sshKeys(SshKeySource value) {
      sshKeys = value;
      return this;
    }

    /** Bounds create, start and the wait for started, and bootstrap unless set apart. */
    public Builder startTimeout(Duration value) {
      startTimeout = value;
      return this;
    }

    public Builder sshReadyTimeout(Duration value) {
      sshReadyTimeout = value;
      return this;
    }

    public Builder sshReadyPollInterval(Duration value) {
      sshReadyPollInterval = value;
      return this;
    }

    public Builder statePollInterval(Duration value) {
      statePollInterval = value;
      return this;
    }

    public Builder applyNetplan(boolean value) {
      applyNetplan = value;
      return this;
    }

    public Builder netplanMode(NetplanMode value) {
      netplanMode = value;
      return this;
    }

    public Builder dnsServers(List<String> value) {
      dnsServers = List.copyOf(requireNonNull(value, "dnsServers is null"));
      return this;
    }

    /** A bound of its own for the bootstrap script; unset (null), the start timeout bounds it. */
    public Builder bootstrapTimeout(Duration value) {
      bootstrapTimeout = value;
      return this;
    }

    public RunnerSettings build() {
      return new RunnerSettings(this);
    }
  }
}
