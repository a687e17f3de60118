package com.busdk.upcloud.testkit.upcloud;

import com.busdk.upcloud.ports.NetworkInfo;

/** A network of {@link SimulatedCloud} that hands out the addresses of its IPv4 range in order. */
final class SimNetwork {
  final String uuid;
  final String name;
  final String type;
  final String zone;
  final String cidr;
  private final long base;
  private int nextHost = 2;

  SimNetwork(String uuid, String name, String type, String zone, String cidr) {
    this.uuid = uuid;
    this.name = name;
    this.type = type;
    this.zone = zone;
    this.cidr = cidr;
    long value = 0;
    for (String octet : cidr.split("/")[0].split("\\.")) {
      value = (value << 8) | Integer.parseInt(octet);
    }
    this.base = value;
  }

  String allocate() {
    return host(nextHost++);
  }

  String host(int offset) {
    long v = base + offset;
    return ((v >> 24) & 0xff)
        + "."
        + ((v >> 16) & 0xff)
        + "."
        + ((v >> 8) & 0xff)
        + "."
        + (v & 0xff);
  }

  NetworkInfo info() {
    return new NetworkInfo(uuid, name, type, zone);
  }
}
