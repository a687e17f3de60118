package com.busdk.upcloud.upcloud;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server name to UUID, bounded by count and by bytes: the least recently used name goes first, so
 * the worker's own VM and runner stay while names that requests bring along cannot grow it.
 */
final class NameCache {
  /** A rough per-entry cost of the map node and the two strings' headers. */
  private static final long ENTRY_OVERHEAD = 96;

  private final int maxEntries;
  private final long maxBytes;
  private final LinkedHashMap<String, String> uuids = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  NameCache(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  synchronized String get(String name) {
    return uuids.get(name);
  }

  synchronized void put(String name, String uuid) {
    remove(name);
    long cost = cost(name, uuid);
    if (cost > maxBytes) {
      return;
    }
    uuids.put(name, uuid);
    bytes += cost;
    Iterator<Map.Entry<String, String>> eldest = uuids.entrySet().iterator();
    while ((uuids.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
      Map.Entry<String, String> entry = eldest.next();
      bytes -= cost(entry.getKey(), entry.getValue());
      eldest.remove();
    }
  }

  /** Forgets {@code name} if it still points at {@code uuid}. */
  synchronized void remove(String name, String uuid) {
    if (uuid.equals(uuids.get(name))) {
      remove(name);
    }
  }

  /** Forgets every name that points at {@code uuid}, as when the server is gone. */
  synchronized void removeUuid(String uuid) {
    Iterator<Map.Entry<String, String>> entries = uuids.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, String> entry = entries.next();
      if (entry.getValue().equals(uuid)) {
        bytes -= cost(entry.getKey(), entry.getValue());
        entries.remove();
      }
    }
  }

  private void remove(String name) {
    String old = uuids.remove(name);
    if (old != null) {
      bytes -= cost(name, old);
    }
  }

  private static long cost(String name, String uuid) {
    return 2L * (name.length() + uuid.length()) + ENTRY_OVERHEAD;
  }
}
