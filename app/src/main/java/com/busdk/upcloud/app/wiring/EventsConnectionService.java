package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.runtime.RotatingToken;
import com.busdk.upcloud.app.runtime.Service;
import com.busdk.upcloud.ports.EventBus;

/**
 * The Events API connection as a service: starting it starts the token's re-reading before expiry
 * (nothing when rotation is off); stopping it closes the bus (its streams and publishes) and then
 * stops that timer.
 */
final class EventsConnectionService implements Service {
  private final EventBus bus;
  private final RotatingToken token;

  EventsConnectionService(EventBus bus, RotatingToken token) {
    this.bus = requireNonNull(bus, "bus is null");
    this.token = requireNonNull(token, "token is null");
  }

  @Override
  public String name() {
    return "events api connection";
  }

  @Override
  public void start() {
    token.start();
  }

  @Override
  public void stop() {
    try {
      bus.close();
    } finally {
      token.close();
    }
  }
}
