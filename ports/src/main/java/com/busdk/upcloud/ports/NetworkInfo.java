package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** A network: {@code type} is {@code private}, {@code public} or {@code utility}. */
public record NetworkInfo(String uuid, String name, String type, String zone) {
  public NetworkInfo {
    requireNonNull(uuid, "uuid is null");
    name = name == null ? "" : name;
    type = type == null ? "" : type;
    zone = zone == null ? "" : zone;
  }
}
