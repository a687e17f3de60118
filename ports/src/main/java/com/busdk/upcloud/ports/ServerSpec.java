package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What to create. In {@link NetworkMode#PRIVATE} the server gets a private NIC on {@code
 * privateNetworkUuid} (with {@code privateIp} when set) plus a utility NIC; in {@link
 * NetworkMode#PUBLIC} a public and a utility NIC.
 */
public record ServerSpec(
    String zone,
    String title,
    String hostname,
    String plan,
    String templateUuid,
    boolean metadata,
    int storageSizeGb,
    NetworkMode networkMode,
    String privateNetworkUuid,
    String privateIp,
    String loginUser,
    List<String> sshPublicKeys,
    Map<String, String> labels) {
  public ServerSpec {
    requireNonNull(zone, "zone is null");
    requireNonNull(title, "title is null");
    requireNonNull(hostname, "hostname is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(templateUuid, "templateUuid is null");
    requireNonNull(networkMode, "networkMode is null");
    if (storageSizeGb <= 0) {
      throw new IllegalArgumentException("storageSizeGb must be positive: " + storageSizeGb);
    }
    if (networkMode == NetworkMode.PRIVATE
        && (privateNetworkUuid == null || privateNetworkUuid.isBlank())) {
      throw new IllegalArgumentException("private network mode needs a private network");
    }
    privateIp = privateIp == null || privateIp.isBlank() ? null : privateIp;
    loginUser = loginUser == null || loginUser.isBlank() ? "root" : loginUser;
    sshPublicKeys = sshPublicKeys == null ? List.of() : List.copyOf(sshPublicKeys);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public enum NetworkMode {
    PRIVATE,
    PUBLIC
  }
}
