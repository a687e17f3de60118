package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBus;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * Binds {@link EventBus} to the Bus Events API adapter for the given settings. Binding only: the
 * bus opens no connection until the first publish or subscribe.
 */
public final class EventsModule extends AbstractModule {
  private final EventsSettings settings;

  public EventsModule(EventsSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  protected void configure() {
    bind(EventsSettings.class).toInstance(settings);
  }

  @Provides
  @Singleton
  EventBus eventBus(EventsSettings eventsSettings) {
    return HttpEventBus.create(eventsSettings);
  }
}
