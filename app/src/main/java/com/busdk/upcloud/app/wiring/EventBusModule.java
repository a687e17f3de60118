package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBus;
import com.google.inject.AbstractModule;

/**
 * Binds an event bus of the caller's (an in-memory bus, or one an embedding service opened) in
 * place of {@link EventsApiModule}. The caller keeps it: the runtime neither starts nor closes it.
 */
public final class EventBusModule extends AbstractModule {
  private final EventBus bus;

  public EventBusModule(EventBus bus) {
    this.bus = requireNonNull(bus, "bus is null");
  }

  @Override
  protected void configure() {
    bind(EventBus.class).toInstance(bus);
  }
}
