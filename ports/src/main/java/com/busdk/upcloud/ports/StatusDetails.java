package com.busdk.upcloud.ports;

/**
 * What a status says about the server behind it, as {@code details} on the wire (snake_case; a part
 * that is {@code null} is left out). Never secret.
 *
 * @param upcloudState the provider's own state word, such as {@code started} or {@code maintenance}
 * @param server the server's UUID
 * @param name the server's title, else its hostname, else the configured name
 * @param hostname the server's hostname
 * @param zone the server's zone
 * @param exists whether the server exists at all
 * @param containerRuntime the local container runtime that ran a {@code --local} run
 */
public record StatusDetails(
    String upcloudState,
    String server,
    String name,
    String hostname,
    String zone,
    Boolean exists,
    String containerRuntime) {
  /** Nothing known. */
  public static final StatusDetails NONE =
      new StatusDetails(null, null, null, null, null, null, null);

  /** A server that is not there: only its configured name. */
  public static StatusDetails absent(String name) {
    return new StatusDetails(null, null, name, null, null, false, null);
  }

  /** A server as the provider shows it; empty hostname or zone are left out. */
  public static StatusDetails of(String upcloudState, String server, String name) {
    return new StatusDetails(upcloudState, server, name, null, null, null, null);
  }

  public StatusDetails withPlace(String hostname, String zone) {
    return new StatusDetails(
        upcloudState,
        server,
        name,
        blankToNull(hostname),
        blankToNull(zone),
        exists,
        containerRuntime);
  }

  public StatusDetails withExists(boolean value) {
    return new StatusDetails(upcloudState, server, name, hostname, zone, value, containerRuntime);
  }

  public StatusDetails withContainerRuntime(String value) {
    return new StatusDetails(upcloudState, server, name, hostname, zone, exists, value);
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
