package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** {@code {"state":"ready","provider":"upcloud","details":{…}}}; details are never secret. */
public record StatusPayload(String state, String provider, StatusDetails details) {
  public StatusPayload {
    requireNonNull(state, "state is null");
    requireNonNull(provider, "provider is null");
    details = details == null ? StatusDetails.NONE : details;
  }
}
