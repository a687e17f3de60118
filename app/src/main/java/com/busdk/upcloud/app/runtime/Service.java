package com.busdk.upcloud.app.runtime;

/**
 * A long-running part of the worker that the runtime starts before it takes requests and stops
 * after it has stopped taking them. Modules add theirs to the set the runtime is given; services
 * start in the order of that set and stop in the reverse order.
 */
public interface Service {

  /** What the service serves, for logs and readiness (a stream name, for example). */
  String name();

  /** Starts and returns once the service is ready to be used. */
  void start() throws InterruptedException;

  /** Stops; must not throw, and must be safe when {@link #start()} failed or never ran. */
  void stop();
}
