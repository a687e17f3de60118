package com.busdk.upcloud.testkit.upcloud;

import java.util.List;
import java.util.Map;

/**
 * What a create asks {@link SimulatedCloud} for, whichever door it came through (the fake's {@code
 * ServerSpec} or the simulator's JSON body). No NICs means a public and a utility NIC.
 */
record NewServer(
    String zone,
    String title,
    String hostname,
    String plan,
    Map<String, String> labels,
    Disk disk,
    boolean metadata,
    List<Nic> nics) {
  NewServer {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    nics = nics == null ? List.of() : List.copyOf(nics);
  }

  /**
   * The OS disk: cloned from {@code templateUuid}, the template's size when {@code sizeGb} null.
   */
  record Disk(String templateUuid, String title, Integer sizeGb) {}

  /** A NIC: {@code private} on {@code networkUuid}, or {@code public}/{@code utility}. */
  record Nic(String type, String networkUuid, String address) {}
}
