package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.EventsConfig;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.Logging;
import com.busdk.upcloud.app.runtime.RotatingToken;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.EventsToken;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.EventBus;

/**
 * The Events API connection of listener mode: the HTTP event bus with its token source (re-read
 * from its file when {@code BUS_EVENTS_TOKEN_REFRESH} is on) and its streams reported to telemetry.
 * Closing it closes the bus and stops the token's refresh timer.
 *
 * @param bus the event bus the worker runs on
 * @param token where the bus takes its bearer token from
 */
public record EventsConnection(EventBus bus, RotatingToken token) implements AutoCloseable {
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

  /**
   * An event bus on an Events API of this process ({@code --local}) with a token that does not
   * rotate, its streams reported to {@code telemetry}.
   */
  public static EventBus local(String collectionUrl, String token, Telemetry telemetry) {
    return HttpEventBus.create(
        EventsSettings.of(collectionUrl, token), EventsToken.fixed(token), telemetry);
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
