package com.busdk.upcloud.testkit.upcloud;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks of {@link SimulatedCloud}: private SDN networks, and the shared public and utility
 * networks every zone has. Guarded by the cloud's lock.
 */
final class SimNetworks {
  private final Map<String, SimNetwork> networks = new LinkedHashMap<>();

  /** Adds the shared public and utility networks of {@code zone} unless it has them. */
  void seedZone(String zone) {
    boolean known =
        networks.values().stream().anyMatch(n -> n.zone.equals(zone) && !n.type.equals("private"));
    if (!known) {
      int octet =
          100 + (int) networks.values().stream().filter(n -> !n.type.equals("private")).count();
      add(null, "Public 94.237." + octet + ".0/24", "public", zone, "94.237." + octet + ".0/24");
      add(null, "Private 10.6." + octet + ".0/24", "utility", zone, "10.6." + octet + ".0/24");
    }
  }

  /** Adds a network; a null UUID gets a fresh one. */
  SimNetwork add(String uuid, String name, String type, String zone, String cidr) {
    String id = uuid == null ? SimulatedCloud.newUuid("03") : uuid;
    SimNetwork network = new SimNetwork(id, name, type, zone, cidr);
    networks.put(network.uuid, network);
    return network;
  }

  List<SimNetwork> all() {
    return List.copyOf(networks.values());
  }

  SimNetwork byUuid(String uuid) {
    return networks.get(uuid);
  }

  SimNetwork require(String uuid) {
    SimNetwork network = networks.get(uuid);
    if (network == null) {
      throw new IllegalArgumentException("no such network: " + uuid);
    }
    return network;
  }

  SimNetwork shared(String zone, String type) {
    seedZone(zone);
    return networks.values().stream()
        .filter(n -> n.zone.equals(zone) && n.type.equals(type))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + type + " network in " + zone));
  }

  /** The network a NIC of a create asks for, checked as UpCloud does, in {@code zone}. */
  SimNetwork forNic(NewServer.Nic nic, String zone) {
    switch (nic.type()) {
      case "private" -> {
        SimNetwork net = networks.get(nic.networkUuid() == null ? "" : nic.networkUuid());
        if (net == null || !net.type.equals("private")) {
          throw new CloudException(
              Kind.NOT_FOUND,
              "NETWORK_NOT_FOUND",
              "The network " + nic.networkUuid() + " does not exist.");
        }
        if (!net.zone.equals(zone)) {
          throw new CloudException(
              Kind.CONFLICT,
              "ZONE_MISMATCH",
              "The network " + net.uuid + " is not in zone " + zone + ".");
        }
        return net;
      }
      case "public", "utility" -> {
        return shared(zone, nic.type());
      }
      default ->
          throw new CloudException(
              Kind.BAD_REQUEST, "INTERFACE_TYPE_INVALID", "The interface type is invalid.");
    }
  }
}
