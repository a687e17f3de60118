package com.busdk.upcloud.ssh;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/** Turns a network failure into the short reason a probe reports. */
final class ProbeFailures {
  private ProbeFailures() {}

  /** The reason of the first recognised cause in the chain, else the root cause's message. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String known = known(t);
      if (known != null) {
        return known;
      }
      root = t;
    }
    String message = root.getMessage();
    return message == null || message.isBlank()
        ? root.getClass().getSimpleName()
        : message.toLowerCase(Locale.ROOT);
  }

  private static String known(Throwable t) {
    if (t instanceof UnknownHostException) {
      return "unknown host";
    }
    if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
      return "no route to host";
    }
    if (t instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (t instanceof ConnectException) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("unreachable") || message.contains("no route")) {
        return "no route to host";
      }
      return "connection refused";
    }
    return null;
  }

  /** A probe timeout as socket milliseconds: at least 1, at most {@code Integer.MAX_VALUE}. */
  static int timeoutMillis(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    long millis = Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    return (int) millis;
  }

  static void checkTarget(String host, int port) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }
}
