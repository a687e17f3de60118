package com.busdk.upcloud.app.health;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the worker takes requests now, and why not.
 *
 * @param ready true while every required stream is connected
 * @param reason one line for an operator
 * @param streams every required stream and its state: {@code connected}, {@code connecting}, or
 *     {@code failed: <why>}
 */
public record Readiness(boolean ready, String reason, Map<String, String> streams) {
  public static final String CONNECTED = "connected";
  public static final String CONNECTING = "connecting";

  public Readiness {
    requireNonNull(reason, "reason is null");
    streams = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(streams, "streams")));
  }

  /** Not ready for a reason other than the streams: starting or stopping. */
  public static Readiness notReady(String reason) {
    return new Readiness(false, reason, Map.of());
  }

  /** Ready exactly when every stream is {@link #CONNECTED}. */
  public static Readiness of(Map<String, String> streams) {
    long down = streams.values().stream().filter(s -> !s.equals(CONNECTED)).count();
    if (down == 0) {
      return new Readiness(
          true, "all " + streams.size() + " required streams are connected", streams);
    }
    return new Readiness(
        false, down + " of " + streams.size() + " required streams are not connected", streams);
  }

  /** The streams that are not connected, with their state. */
  public Map<String, String> disconnected() {
    Map<String, String> down = new LinkedHashMap<>();
    streams.forEach(
        (name, state) -> {
          if (!state.equals(CONNECTED)) {
            down.put(name, state);
          }
        });
    return down;
  }
}
