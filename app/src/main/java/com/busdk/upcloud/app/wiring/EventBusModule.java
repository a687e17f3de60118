package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.google.inject.AbstractModule;

/**
 * Binds what the runtime opened before wiring: the event bus (the HTTP Events API, or an in-memory
 * bus) and the run journal.
 */
public final class EventBusModule extends AbstractModule {
  private final EventBus bus;
  private final RunJournal journal;

  public EventBusModule(EventBus bus, RunJournal journal) {
    this.bus = requireNonNull(bus, "bus is null");
    this.journal = requireNonNull(journal, "journal is null");
  }

  @Override
  protected void configure() {
    bind(EventBus.class).toInstance(bus);
    bind(RunJournal.class).toInstance(journal);
  }
}
