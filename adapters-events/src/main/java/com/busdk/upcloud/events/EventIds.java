package com.busdk.upcloud.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Event ids of the form {@code evt_<unix nanos>}, as the Events API assigns them. */
final class EventIds {
  private static final String PREFIX = "evt_";
  private static final List<String> TIME_KEYS =
      List.of("time", "timestamp", "created_at", "occurred_at");
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

  /** The envelope's own timestamp, in the first spelling that holds a readable one. */
  static Optional<Instant> stamped(Map<String, String> texts) {
    for (String key : TIME_KEYS) {
      String value = texts.get(key);
      if (value != null) {
        try {
          return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
          // A timestamp we cannot read is no reason to drop the event; try the next spelling.
        }
      }
    }
    return Optional.empty();
  }
}
