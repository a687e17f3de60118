package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/**
 * How one stream is read.
 *
 * @param maxEventBytes the longest event line read whole; 0 for the bus's default
 * @param onReconnect run on the stream's thread each time the stream is established again after a
 *     drop (not the first time), before any event of the new connection is delivered; it must not
 *     block, since those events wait for it
 */
public record StreamOptions(int maxEventBytes, Runnable onReconnect) {
  private static final Runnable NOTHING = () -> {};
  private static final StreamOptions DEFAULTS = new StreamOptions(0, NOTHING);

  public StreamOptions {
    if (maxEventBytes < 0) {
      throw new IllegalArgumentException("maxEventBytes is negative");
    }
    requireNonNull(onReconnect, "onReconnect is null");
  }

  /** The bus's line limit, nothing to do on a reconnect. */
  public static StreamOptions defaults() {
    return DEFAULTS;
  }

  public StreamOptions withMaxEventBytes(int bytes) {
    return new StreamOptions(bytes, onReconnect);
  }

  public StreamOptions withReconnectListener(Runnable listener) {
    return new StreamOptions(maxEventBytes, listener);
  }
}
