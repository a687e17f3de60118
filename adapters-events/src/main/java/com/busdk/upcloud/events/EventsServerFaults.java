package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

/**
 * Faults a test injects into an {@link EmbeddedEventsServer}: refused publishes and dropped
 * streams, as a failing or restarting Events API would cause. Kept apart from the server so that
 * what a worker run with {@code --local} can reach has no way to break it on purpose.
 */
public final class EventsServerFaults {
  private final EmbeddedEventsServer server;

  private EventsServerFaults(EmbeddedEventsServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  /** The faults of {@code server}. */
  public static EventsServerFaults of(EmbeddedEventsServer server) {
    return new EventsServerFaults(server);
  }

  /** Answers the next {@code count} publishes with {@code status} instead of accepting them. */
  public void failNextPublishes(int count, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP error: " + status);
    }
    server.failureStatus = status;
    server.failuresLeft.set(count);
  }

  /**
   * Ends every open stream after the line it is writing, as a restarting Events API would. Unicast
   * events not yet written stay queued for their group.
   */
  public void dropStreams() {
    server.dropAllStreams();
  }
}
