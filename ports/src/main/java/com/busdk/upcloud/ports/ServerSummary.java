package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A server as listed; no addresses. */
public record ServerSummary(
    String uuid,
    String title,
    String hostname,
    String zone,
    String providerState,
    Map<String, String> labels) {
  public ServerSummary {
    requireNonNull(uuid, "uuid is null");
    title = title == null ? "" : title;
    hostname = hostname == null ? "" : hostname;
    zone = zone == null ? "" : zone;
    providerState = providerState == null ? "" : providerState;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public LifecycleState state() {
    return LifecycleState.fromUpCloud(providerState);
  }

  /** The same server in another provider state. */
  public ServerSummary withProviderState(String state) {
    return new ServerSummary(uuid, title, hostname, zone, state, labels);
  }
}
