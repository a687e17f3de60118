package com.busdk.upcloud.events;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Event ids of the form {@code evt_<unix nanos>}, as the Events API assigns them. */
final class EventIds {
  private static final String PREFIX = "evt_";
  private static final AtomicLong LAST = new AtomicLong();

  private EventIds() {}

  /** A new id, strictly increasing within this JVM so two events never share one. */
  static String next() {
    Instant now = Instant.now();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return PREFIX + LAST.updateAndGet(last -> Math.max(last + 1, nanos));
  }

  /** The publish time encoded in an {@code evt_} id, when the id has that form. */
  static Optional<Instant> timeOf(String id) {
    if (id == null || !id.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      long nanos = Long.parseLong(id.substring(PREFIX.length()));
      if (nanos <= 0) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
