package com.busdk.upcloud.testkit.upcloud;

import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server of {@link SimulatedCloud}, mutable under the cloud's lock. A transition in flight is a
 * pending state with the instant it takes effect; it is applied when the server is read.
 */
final class SimServer {
  final String uuid;
  final String title;
  final String hostname;
  final String zone;
  final String plan;
  final Map<String, String> labels = new LinkedHashMap<>();
  final List<NetworkInterface> nics = new ArrayList<>();
  final List<IpAddress> ipAddresses = new ArrayList<>();
  final List<String> storages = new ArrayList<>();
  Instant created = Instant.EPOCH;
  String state = "stopped";
  String pendingState;
  Instant pendingAt;

  SimServer(String uuid, String title, String hostname, String zone, String plan) {
    this.uuid = uuid;
    this.title = title;
    this.hostname = hostname == null ? title : hostname;
    this.zone = zone;
    this.plan = plan;
  }

  /** Applies a pending transition whose time has come. */
  void settle(Instant now) {
    if (pendingState != null && !now.isBefore(pendingAt)) {
      state = pendingState;
      pendingState = null;
      pendingAt = null;
    }
  }

  /** Moves to {@code state} now, or through {@code maintenance} until {@code at}. */
  void transition(String target, Instant now, Duration delay) {
    if (delay.isZero()) {
      state = target;
    } else {
      state = "maintenance";
      pendingState = target;
      pendingAt = now.plus(delay);
    }
  }

  ServerSummary summary() {
    return new ServerSummary(uuid, title, hostname, zone, state, labels);
  }

  ServerDetails details() {
    return new ServerDetails(summary(), nics, ipAddresses, storages);
  }
}
