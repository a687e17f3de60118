package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.EventsConfig;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.Logging;
import com.busdk.upcloud.app.runtime.RotatingToken;
import com.busdk.upcloud.app.runtime.Service;
import com.busdk.upcloud.events.EventsProbe;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.events.StreamObserver;
import com.busdk.upcloud.ports.EventBus;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The Bus Events API connection that {@link Settings#events()} describes: the HTTP event bus, its
 * token source (re-read from its file when {@code BUS_EVENTS_TOKEN_REFRESH} is on) and a read-only
 * probe on the same client. Building them opens no connection; the token's refresh timer and the
 * bus's close are one {@link Service}, started before and stopped after every service of a later
 * module (the ssh response listener, for one).
 */
public final class EventsApiModule extends AbstractModule {
  private final Telemetry telemetry;

  /**
   * @param telemetry what the streams and the token's expiry are reported to; null for no metrics
   */
  public EventsApiModule(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Provides
  @Singleton
  RotatingToken eventsToken(Settings settings) {
    EventsConfig config = settings.events();
    requireNonNull(config.apiToken(), "the Bus API token is not set");
    RotatingToken token =
        RotatingToken.events(config.apiToken(), config.tokenRefresh(), Logging::maskAlso);
    if (telemetry != null) {
      telemetry.tokenExpiry(token::expiry);
    }
    return token;
  }

  @Provides
  @Singleton
  HttpEventBus httpEventBus(Settings settings, RotatingToken token) {
    EventsConfig config = settings.events();
    requireNonNull(config.eventsUrl(), "the events URL is not set");
    EventsSettings events =
        new EventsSettings(
            config.eventsUrl().toString(),
            config.apiToken().reveal(),
            EventsSettings.DEFAULT_PUBLISH_FOR,
            EventsSettings.DEFAULT_PUBLISH_BACKOFF,
            config.listenerRetry(),
            config.retryMin(),
            config.retryMax(),
            EventsSettings.DEFAULT_CONNECT_TIMEOUT);
    return HttpEventBus.create(events, token, telemetry == null ? StreamObserver.NONE : telemetry);
  }

  @Provides
  @Singleton
  EventBus eventBus(HttpEventBus bus) {
    return bus;
  }

  @Provides
  @Singleton
  EventsProbe eventsProbe(HttpEventBus bus) {
    return bus.probe();
  }

  @ProvidesIntoSet
  @Singleton
  Service eventsConnection(HttpEventBus bus, RotatingToken token) {
    return new EventsConnectionService(bus, token);
  }
}
