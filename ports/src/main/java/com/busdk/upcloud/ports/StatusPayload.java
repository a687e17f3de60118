package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code {"state":"ready","provider":"upcloud","details":{…}}}; details are never secret. */
public record StatusPayload(String state, String provider, Map<String, Object> details) {
  public StatusPayload {
    requireNonNull(state, "state is null");
    requireNonNull(provider, "provider is null");
    details =
        details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }
}
