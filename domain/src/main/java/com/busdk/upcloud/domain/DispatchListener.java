package com.busdk.upcloud.domain;

import java.time.Duration;

/** Observes answers; {@code --once} uses it to stop after the first one, metrics to count them. */
@FunctionalInterface
public interface DispatchListener {
  void answered(String requestName, String correlationId, String outcome);

  /**
   * Every request the dispatcher handled to the end, answered or not, with the time from taking it
   * to its answer; {@code outcome} is {@code error:unpublished} when the answer could not be
   * published.
   */
  default void finished(String requestName, String outcome, Duration duration) {}
}
