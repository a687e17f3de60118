package com.busdk.upcloud.ports;

import java.util.List;
import java.util.Optional;

/** One NIC: {@code type} is {@code private}, {@code public} or {@code utility}. */
public record NetworkInterface(
    int index, String type, String mac, String networkUuid, List<IpAddress> addresses) {
  public NetworkInterface {
    type = type == null ? "" : type;
    mac = mac == null ? "" : mac;
    networkUuid = networkUuid == null ? "" : networkUuid;
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  public Optional<String> firstIpv4() {
    return addresses.stream()
        .filter(ip -> "IPv4".equals(ip.family()))
        .map(IpAddress::address)
        .findFirst();
  }
}
