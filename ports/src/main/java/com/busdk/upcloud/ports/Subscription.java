package com.busdk.upcloud.ports;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A live subscription to one event name. */
public interface Subscription extends AutoCloseable {

  String name();

  /** True while the stream is established (false between a drop and the reconnect). */
  boolean isConnected();

  /** Waits until the stream is established the first time; false when the wait timed out. */
  boolean awaitConnected(Duration timeout) throws InterruptedException;

  /**
   * Completes normally when {@link #close()} ends the subscription, and exceptionally with an
   * {@link EventBusException} when the bus gives up on it (401/403, or reconnecting disabled or
   * impossible).
   */
  CompletableFuture<Void> termination();

  /** Stops delivery and closes the underlying connection so no thread stays blocked. */
  @Override
  void close();
}
