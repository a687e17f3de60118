package com.busdk.upcloud.ports;

import java.time.Duration;

/** Answers whether a host accepts connections on a port (optionally: and speaks SSH there). */
public interface Reachability {

  /** One probe, bounded by {@code timeout}; never throws for network failures. */
  ProbeResult probe(String host, int port, Duration timeout);

  /** The outcome: reachable, or a short reason such as "connection refused". */
  record ProbeResult(boolean reachable, String detail) {
    public ProbeResult {
      detail = detail == null ? "" : detail;
    }

    public static ProbeResult ok() {
      return new ProbeResult(true, "ok");
    }

    public static ProbeResult unreachable(String detail) {
      return new ProbeResult(false, detail);
    }
  }
}
