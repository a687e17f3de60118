package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A server with its network interfaces, addresses and attached storages; what a listing shows of it
 * is its {@link #summary()}.
 */
public record ServerDetails(
    ServerSummary summary,
    List<NetworkInterface> interfaces,
    List<IpAddress> ipAddresses,
    List<String> storageUuids) {
  public ServerDetails {
    requireNonNull(summary, "summary is null");
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
    storageUuids = storageUuids == null ? List.of() : List.copyOf(storageUuids);
  }

  public String uuid() {
    return summary.uuid();
  }

  public String title() {
    return summary.title();
  }

  public String hostname() {
    return summary.hostname();
  }

  public String zone() {
    return summary.zone();
  }

  public String providerState() {
    return summary.providerState();
  }

  public Map<String, String> labels() {
    return summary.labels();
  }

  public LifecycleState state() {
    return summary.state();
  }

  /** The private NIC, attached to the given network when {@code networkUuid} is not null. */
  public Optional<NetworkInterface> privateInterface(String networkUuid) {
    return interfaces.stream()
        .filter(nic -> "private".equals(nic.type()))
        .filter(nic -> networkUuid == null || networkUuid.equals(nic.networkUuid()))
        .findFirst();
  }

  /** The first IPv4 address on a private NIC (private addresses appear only on NICs). */
  public Optional<String> privateIpv4(String networkUuid) {
    return privateInterface(networkUuid).flatMap(NetworkInterface::firstIpv4);
  }

  /** The first public IPv4 address, from the top-level list or from a public NIC. */
  public Optional<String> publicIpv4() {
    Optional<String> top =
        ipAddresses.stream()
            .filter(ip -> "public".equals(ip.access()) && "IPv4".equals(ip.family()))
            .map(IpAddress::address)
            .findFirst();
    if (top.isPresent()) {
      return top;
    }
    return interfaces.stream()
        .filter(nic -> "public".equals(nic.type()))
        .flatMap(nic -> nic.firstIpv4().stream())
        .findFirst();
  }

  /** The same server in another provider state, as fakes and the static provider change it. */
  public ServerDetails withProviderState(String state) {
    return new ServerDetails(
        summary.withProviderState(state), interfaces, ipAddresses, storageUuids);
  }
}
