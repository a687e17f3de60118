package com.busdk.upcloud.ssh;

import com.busdk.upcloud.ports.Reachability;

/** The {@link Reachability} probes of this adapter, for callers that do not use Guice. */
public final class Reachabilities {
  private Reachabilities() {}

  /** Reachable when a TCP connection to the port opens. */
  public static Reachability tcp() {
    return new TcpReachability();
  }

  /** Reachable when an SSH server on the port completes key exchange. */
  public static Reachability sshHandshake() {
    return new SshHandshakeReachability();
  }

  /** The probe of one kind. */
  public static Reachability of(ProbeKind kind) {
    return switch (kind) {
      case TCP -> tcp();
      case SSH_HANDSHAKE -> sshHandshake();
    };
  }

  /** How readiness is judged. */
  public enum ProbeKind {
    TCP,
    SSH_HANDSHAKE
  }
}
