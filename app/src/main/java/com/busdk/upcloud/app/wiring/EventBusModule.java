package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBus;
import com.google.inject.AbstractModule;

/** Binds the event bus the worker was given: the HTTP Events API, or an in-memory bus. */
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
