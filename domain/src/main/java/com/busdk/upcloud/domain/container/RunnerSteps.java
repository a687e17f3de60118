package com.busdk.upcloud.domain.container;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.util.function.Supplier;

/** Cloud calls and pauses made for a named runner step; a failure becomes a reply naming it. */
final class RunnerSteps {
  private RunnerSteps() {}

  /** Runs {@code call}; a cloud failure is reported as {@code step failed: …}. */
  static <T> T cloud(String step, Supplier<T> call) {
    try {
      return call.get();
    } catch (CloudException e) {
      throw Failures.fromCloud(step, e);
    }
  }

  /** Sleeps {@code interval}; an interrupt is reported as {@code step} cut short by shutdown. */
  static void pause(TimeSource time, Duration interval, String step) {
    try {
      time.sleep(interval);
    } catch (InterruptedException e) {
      throw Failures.interrupted(step);
    }
  }
}
