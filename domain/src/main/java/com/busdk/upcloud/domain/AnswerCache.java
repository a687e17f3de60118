package com.busdk.upcloud.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which requests were taken and what they were answered, bounded by count and age, so a
 * request delivered twice is executed once and answered again with the same payload.
 */
final class AnswerCache {
  private final int capacity;
  private final Duration ttl;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  AnswerCache(int capacity, Duration ttl) {
    this.capacity = capacity;
    this.ttl = ttl;
  }

  /** The outcome of trying to take a request. */
  sealed interface Claim permits Fresh, Running, Answered {}

  record Fresh() implements Claim {}

  record Running() implements Claim {}

  record Answered(Object payload) implements Claim {}

  private record Entry(Instant at, Object payload) {}

  synchronized Claim claim(String key, Instant now) {
    evict(now);
    Entry entry = entries.get(key);
    if (entry == null) {
      entries.put(key, new Entry(now, null));
      return new Fresh();
    }
    return entry.payload() == null ? new Running() : new Answered(entry.payload());
  }

  synchronized void answered(String key, Object payload, Instant now) {
    entries.put(key, new Entry(now, payload));
  }

  /** Forgets a request whose answer could not be delivered, so a redelivery is executed again. */
  synchronized void forget(String key) {
    entries.remove(key);
  }

  synchronized Optional<Object> answerOf(String key) {
    Entry entry = entries.get(key);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.payload());
  }

  private void evict(Instant now) {
    Instant oldest = now.minus(ttl);
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Entry> e = it.next();
      boolean tooMany = entries.size() >= capacity;
      boolean done = e.getValue().payload() != null;
      if (done && (tooMany || e.getValue().at().isBefore(oldest))) {
        it.remove();
      } else if (!tooMany) {
        break;
      }
    }
  }
}
