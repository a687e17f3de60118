package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/**
 * Start/stop reply: {@code {"accepted":true,"action":"start","status":{…}}}; status may be null.
 */
public record ActionResponse(boolean accepted, String action, StatusPayload status)
    implements EventPayload {
  public ActionResponse {
    requireNonNull(action, "action is null");
  }
}
