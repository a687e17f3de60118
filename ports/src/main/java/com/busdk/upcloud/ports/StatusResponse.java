package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** VM and runner status reply: {@code {"status":{…}}}. */
public record StatusResponse(StatusPayload status) implements EventPayload {
  public StatusResponse {
    requireNonNull(status, "status is null");
  }
}
