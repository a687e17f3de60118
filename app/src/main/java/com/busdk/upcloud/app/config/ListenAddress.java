package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

/**
 * A {@code host:port} to listen on; an IPv6 host is written in brackets ({@code [::1]:9464}).
 *
 * @param host a host name or IP literal, without brackets
 * @param port 0 to 65535; 0 picks a free port
 */
public record ListenAddress(String host, int port) {
  public ListenAddress {
    Checks.nonBlank(requireNonNull(host, "host is null"), "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with {@code raw}
   */
  public static ListenAddress parse(String raw) {
    String text = raw.strip();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "expected host:port, such as 127.0.0.1:9464, got " + Quoted.of(raw));
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "write an IPv6 host in brackets, such as [::1]:9464, got " + Quoted.of(raw));
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number in " + Quoted.of(raw));
    }
    if (host.isBlank() || port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "expected host:port with a port from 0 to 65535, got " + Quoted.of(raw));
    }
    return new ListenAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
