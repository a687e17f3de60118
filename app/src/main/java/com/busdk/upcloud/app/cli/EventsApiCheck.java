package com.busdk.upcloud.app.cli;

import static com.busdk.upcloud.app.cli.CheckResult.fail;
import static com.busdk.upcloud.app.cli.CheckResult.ok;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.events.EventsProbe;
import com.busdk.upcloud.ports.EventBusException;
import java.time.Duration;

/**
 * That the Events API accepts the token: the events adapter's read-only probe (one non-following
 * stream request, which opens, replays nothing and ends, consuming no event), made with the client,
 * URL and token the worker's bus uses. The adapter classifies a refusal and words it; this check
 * only reports it.
 */
final class EventsApiCheck {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final EventsProbe probe;

  EventsApiCheck(EventsProbe probe) {
    this.probe = requireNonNull(probe, "probe is null");
  }

  CheckResult probe(String eventName) {
    try {
      probe.stream(eventName, REQUEST_TIMEOUT);
      return ok(
          "events api", probe.collection() + " accepted the token for a " + eventName + " stream");
    } catch (EventBusException e) {
      return fail("events api", e.getMessage());
    }
  }
}
