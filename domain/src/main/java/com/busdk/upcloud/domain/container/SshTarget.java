package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An explicit SSH target that replaces address discovery: {@code host}, {@code user@host}, or
 * either with {@code :port} ({@code [v6-address]:port} for an IPv6 literal with a port).
 *
 * @param user the login user, or null to try the configured user candidates
 * @param host host name or IP address
 * @param port SSH port
 */
public record SshTarget(String user, String host, int port) {
  /** The port the ssh-runner connects on unless the target names another. */
  public static final int DEFAULT_PORT = 22;

  public SshTarget {
    requireNonNull(host, "host is null");
    if (user != null && !isWord(user)) {
      throw new IllegalArgumentException("invalid user " + quote(user));
    }
    if (!isWord(host) || host.contains("@") || host.contains("/")) {
      throw new IllegalArgumentException("invalid host " + quote(host));
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("invalid port " + port + " (allowed: 1 to 65535)");
    }
  }

  /**
   * Reads {@code [user@]host[:port]}.
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. {@code invalid user ""}
   */
  public static SshTarget parse(String text) {
    requireNonNull(text, "text is null");
    String rest = text.trim();
    String user = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    int port = DEFAULT_PORT;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("invalid host " + quote(rest));
      }
      String after = rest.substring(close + 1);
      if (!after.isEmpty()) {
        port = port(after.startsWith(":") ? after.substring(1) : after);
      }
      rest = rest.substring(1, close);
    } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
      // One colon separates a port; several are an IPv6 literal without one.
      port = port(rest.substring(rest.indexOf(':') + 1));
      rest = rest.substring(0, rest.indexOf(':'));
    }
    return new SshTarget(user, rest, port);
  }

  /** The user named by the target, when it names one. */
  public Optional<String> optionalUser() {
    return Optional.ofNullable(user);
  }

  /** The spelling {@link #parse} reads back. */
  @Override
  public String toString() {
    String address = host.contains(":") && port != DEFAULT_PORT ? "[" + host + "]" : host;
    return (user == null ? "" : user + "@") + address + (port == DEFAULT_PORT ? "" : ":" + port);
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port " + quote(text), e);
    }
  }

  private static boolean isWord(String text) {
    return !text.isEmpty() && text.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
