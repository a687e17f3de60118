package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A server with its network interfaces, addresses and attached storages. */
public record ServerDetails(
    String uuid,
    String title,
    String hostname,
    String zone,
    String providerState,
    Map<String, String> labels,
    List<NetworkInterface> interfaces,
    List<IpAddress> ipAddresses,
    List<String> storageUuids) {
  public ServerDetails {
    requireNonNull(uuid, "uuid is null");
    title = title == null ? "" : title;
    hostname = hostname == null ? "" : hostname;
    zone = zone == null ? "" : zone;
    providerState = providerState == null ? "" : providerState;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
    storageUuids = storageUuids == null ? List.of() : List.copyOf(storageUuids);
  }

  public LifecycleState state() {
    return LifecycleState.fromUpCloud(providerState);
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
        uuid, title, hostname, zone, state, labels, interfaces, ipAddresses, storageUuids);
  }

  public ServerSummary summary() {
    return new ServerSummary(uuid, title, hostname, zone, providerState, labels);
  }
}
