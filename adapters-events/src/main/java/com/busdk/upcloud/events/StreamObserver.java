package com.busdk.upcloud.events;

/**
 * Learns when a stream is established and when it is lost, for readiness and metrics. Called on the
 * stream's reader thread; implementations must be quick and must not throw.
 */
public interface StreamObserver {
  /** The stream of {@code name} answered 200; {@code reconnect} is false the first time. */
  void connected(String name, boolean reconnect);

  /** The stream of {@code name} is no longer connected (dropped, refused, closed). */
  void disconnected(String name);

  /** Observes nothing. */
  StreamObserver NONE =
      new StreamObserver() {
        @Override
        public void connected(String name, boolean reconnect) {}

        @Override
        public void disconnected(String name) {}
      };
}
