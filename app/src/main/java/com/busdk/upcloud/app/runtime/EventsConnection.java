package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.EventsConfig;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;

/**
 * The Events API connection of listener mode: the HTTP event bus with its token source (re-read
 * from its file when {@code BUS_EVENTS_TOKEN_REFRESH} is on) and its streams reported to telemetry.
 * Closing it closes the bus and stops the token's refresh timer.
 *
 * @param bus the event bus the worker runs on
 * @param token where the bus takes its bearer token from
 */
public record EventsConnection(HttpEventBus bus, RotatingToken token) implements AutoCloseable {
  public EventsConnection {
    requireNonNull(bus, "bus is null");
    requireNonNull(token, "token is null");
  }

  /** Opens (lazily: no request yet) the connection {@code config} describes. */
  public static EventsConnection open(EventsConfig config, Telemetry telemetry) {
    requireNonNull(config, "config is null");
    requireNonNull(telemetry, "telemetry is null");
    requireNonNull(config.eventsUrl(), "the events URL is not set");
    requireNonNull(config.apiToken(), "the Bus API token is not set");
    EventsSettings settings =
        new EventsSettings(
            config.eventsUrl().toString(),
            config.apiToken().reveal(),
            EventsSettings.DEFAULT_PUBLISH_FOR,
            EventsSettings.DEFAULT_PUBLISH_BACKOFF,
            config.listenerRetry(),
            config.retryMin(),
            config.retryMax(),
            EventsSettings.DEFAULT_CONNECT_TIMEOUT);
    RotatingToken token =
        RotatingToken.events(config.apiToken(), config.tokenRefresh(), Logging::maskAlso);
    telemetry.tokenExpiry(token::expiry);
    token.start();
    return new EventsConnection(HttpEventBus.create(settings, token, telemetry), token);
  }

  @Override
  public void close() {
    try {
      bus.close();
    } finally {
      token.close();
    }
  }
}
