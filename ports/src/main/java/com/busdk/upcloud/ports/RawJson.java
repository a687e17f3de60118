package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/**
 * A payload that is already JSON text, such as an answer read back from a durable journal. Event
 * bus codecs write it as it is instead of mapping a record.
 */
public record RawJson(String json) implements EventPayload {
  public RawJson {
    requireNonNull(json, "json is null");
  }

  @Override
  public String toString() {
    return "RawJson[" + json.length() + " chars]";
  }
}
