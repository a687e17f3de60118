package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One run in a status reply; {@code state} is running, completed, failed, timeout or deleted. */
public record ContainerItem(
    String id, String state, String ownerIdentityId, Map<String, Object> details) {
  public ContainerItem {
    requireNonNull(id, "id is null");
    requireNonNull(state, "state is null");
    details =
        details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }
}
