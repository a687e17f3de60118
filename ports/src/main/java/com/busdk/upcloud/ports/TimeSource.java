package com.busdk.upcloud.ports;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock and the sleeper in one port, so every wait is bounded by explicit deadlines and tests
 * can run hours of polling without real sleeping.
 */
public interface TimeSource {

  Instant now();

  void sleep(Duration duration) throws InterruptedException;

  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
