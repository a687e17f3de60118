package com.busdk.upcloud.ports;

/**
 * The Bus Events API as the worker uses it: publish an event, and subscribe to one event name.
 * Implementations map payload records to JSON with snake_case field names.
 */
public interface EventBus extends AutoCloseable {

  /**
   * Publishes one event. Transient failures are retried inside with a bound; what still fails is an
   * {@link EventBusException}.
   *
   * @param payload a record from this package, a {@code Map}, or any value the codec can write
   */
  PublishReceipt publish(String name, String correlationId, Object payload);

  /**
   * Starts delivering events of one exact name to {@code handler}, on a thread of the bus. The
   * handler must not block for long: hand work off to an executor.
   */
  Subscription subscribe(String name, Delivery delivery, EventHandler handler);

  /** Closes every subscription and connection. */
  @Override
  void close();
}
