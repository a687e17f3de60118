package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Payload of {@code bus.ssh.script.run.request}: the script, the hosts to try, the user names to
 * try on them, a timeout, an optional network bootstrap, and the identity the work is done for.
 */
public record ScriptRequest(
    String script,
    List<Target> targets,
    List<String> users,
    long timeoutSeconds,
    NetworkBootstrap networkBootstrap,
    String identityId) {
  public ScriptRequest {
    requireNonNull(script, "script is null");
    targets = targets == null ? List.of() : List.copyOf(targets);
    users = users == null ? List.of() : List.copyOf(users);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets is empty");
    }
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("timeout_seconds must be positive: " + timeoutSeconds);
    }
  }

  /** One SSH endpoint. */
  public record Target(String host, int port) {
    public Target {
      requireNonNull(host, "host is null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is blank");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }
  }

  /** Netplan and DNS set-up the ssh-runner renders before the script. */
  public record NetworkBootstrap(
      boolean applyNetplan, String netplanMode, List<String> dnsServers, String interfaceMac) {
    public NetworkBootstrap {
      dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    }
  }
}
