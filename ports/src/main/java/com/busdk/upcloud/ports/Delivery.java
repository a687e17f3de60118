package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/**
 * How a stream receives events: broadcast (every listener gets every event) or unicast (each event
 * goes to one consumer of the group).
 */
public record Delivery(Mode mode, String group, String consumer) {
  public Delivery {
    requireNonNull(mode, "mode is null");
    if (mode == Mode.UNICAST) {
      requireNonNull(group, "group is null");
      requireNonNull(consumer, "consumer is null");
    }
  }

  public static Delivery broadcast() {
    return new Delivery(Mode.BROADCAST, null, null);
  }

  public static Delivery unicast(String group, String consumer) {
    return new Delivery(Mode.UNICAST, group, consumer);
  }

  public enum Mode {
    BROADCAST("broadcast"),
    UNICAST("unicast");

    private final String wire;

    Mode(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }
}
