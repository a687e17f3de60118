package com.busdk.upcloud.domain;

/** Observes answers; {@code --once} uses it to stop after the first one. */
@FunctionalInterface
public interface DispatchListener {
  void answered(String requestName, String correlationId, String outcome);
}
