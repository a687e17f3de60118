package com.busdk.upcloud.ports;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The Bus Events API as the worker uses it: publish an event, subscribe to one event name, and look
 * back at the events stored under a name. Implementations choose the wire form of payloads
 * (snake_case JSON).
 */
public interface EventBus extends AutoCloseable {

  /**
   * Publishes one event without holding the caller: the future completes with the receipt, or
   * exceptionally with an {@link EventBusException} once the bus gave up. Transient failures are
   * retried inside with a bound. A bus may bound how many publishes are outstanding; the call then
   * waits for a free place before it returns.
   */
  CompletableFuture<PublishReceipt> publishAsync(
      String name, String correlationId, EventPayload payload);

  /**
   * Like {@link #publishAsync}, except that the first attempt may be made on the calling thread,
   * which it then holds for that one request (never for retries): for a caller on a thread of its
   * own that would otherwise hand the event over and go idle. A bus without the distinction
   * publishes as {@link #publishAsync} does. Never call it on a thread that must not block.
   */
  default CompletableFuture<PublishReceipt> publishHere(
      String name, String correlationId, EventPayload payload) {
    return publishAsync(name, correlationId, payload);
  }

  /**
   * {@link #publishAsync} and wait for its outcome.
   *
   * @throws EventBusException when the publish failed or the waiting thread was interrupted
   */
  default PublishReceipt publish(String name, String correlationId, EventPayload payload) {
    CompletableFuture<PublishReceipt> receipt = publishAsync(name, correlationId, payload);
    try {
      return receipt.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException(
          EventBusException.Kind.IO, "publishing " + name + " was interrupted", e);
    } catch (CancellationException e) {
      throw new EventBusException(
          EventBusException.Kind.IO, "publishing " + name + " was cancelled", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EventBusException failure) {
        throw failure;
      }
      throw new EventBusException(
          EventBusException.Kind.IO, "publishing " + name + " failed", e.getCause());
    }
  }

  /**
   * Starts delivering events of one exact name to {@code handler}, on a thread of the bus. The
   * handler must not block for long: hand work off to an executor.
   */
  default Subscription subscribe(String name, Delivery delivery, EventHandler handler) {
    return subscribe(name, delivery, handler, StreamOptions.defaults());
  }

  /** Like {@link #subscribe(String, Delivery, EventHandler)} with a line limit and listener. */
  Subscription subscribe(
      String name, Delivery delivery, EventHandler handler, StreamOptions options);

  /**
   * One bounded look back at the events stored under {@code name}, handed to {@code handler} on the
   * calling thread, oldest first; {@code timeout} bounds the whole query. Broadcast streams have no
   * server-side cursor, so this is how a listener learns what was published while it was
   * reconnecting.
   *
   * @return how many events were handed over
   * @throws EventBusException when the query is refused, fails, does not finish in time, or the bus
   *     keeps no history
   */
  default int replay(String name, StreamOptions options, Duration timeout, EventHandler handler) {
    throw new EventBusException(
        EventBusException.Kind.UNAVAILABLE, "this event bus keeps no history of " + name);
  }

  /** Closes every subscription and connection. */
  @Override
  void close();
}
