package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** An address; {@code access} is empty on NIC-level entries, where the provider omits it. */
public record IpAddress(String address, String family, String access) {
  public IpAddress {
    requireNonNull(address, "address is null");
    family = family == null ? "" : family;
    access = access == null ? "" : access;
  }
}
