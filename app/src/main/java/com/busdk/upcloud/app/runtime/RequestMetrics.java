package com.busdk.upcloud.app.runtime;

import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.domain.DispatchListener;
import java.time.Duration;

/** Counts and times every request the dispatcher finishes. */
final class RequestMetrics implements DispatchListener {
  private final Telemetry telemetry;

  RequestMetrics(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public void answered(String requestName, String correlationId, String outcome) {
    // Counted in finished(), which also sees answers that could not be published.
  }

  @Override
  public void finished(String requestName, String outcome, Duration duration) {
    telemetry.requestFinished(requestName, outcome, duration);
  }
}
