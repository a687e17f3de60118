package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.runtime.RequestThreads;
import com.busdk.upcloud.app.runtime.Service;
import com.busdk.upcloud.domain.DispatchSettings;
import com.busdk.upcloud.domain.InputLimits;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The dispatcher over the handlers of every installed mode. */
public final class DispatchModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), HandlerSet.class);
    // The long-running parts the runtime starts and stops; modes add theirs.
    Multibinder.newSetBinder(binder(), Service.class);
    OptionalBinder.newOptionalBinder(binder(), HandlerDecorator.class);
  }

  @Provides
  @Singleton
  RequestDispatcher dispatcher(
      EventBus bus,
      Set<HandlerSet> sets,
      Optional<HandlerDecorator> decorator,
      Settings settings,
      TimeSource time,
      RunJournal journal,
      RequestThreads threads) {
    Map<BusEventName, RequestHandler> handlers = new EnumMap<>(BusEventName.class);
    for (HandlerSet set : sets) {
      set.handlers()
          .forEach(
              (name, handler) ->
                  handlers.put(
                      name, decorator.map(d -> d.decorate(name, handler)).orElse(handler)));
    }
    DispatchSettings dispatch =
        new DispatchSettings(
            settings.worker().maxInFlight(),
            DispatchSettings.defaultMaxAges(),
            InputLimits.defaults(),
            settings.events().consumer());
    // Twice one name's limit: one name full of long runs still leaves room for every other name,
    // while six names no longer keep six limits' worth of requests in memory at once.
    int total = 2 * dispatch.maxInFlightPerName();
    return new RequestDispatcher(bus, handlers, dispatch, time, journal, threads, total);
  }

  /** The request threads the dispatcher runs handlers on. */
  @Provides
  @Singleton
  RequestThreads requestThreads() {
    return new RequestThreads(RequestThreads.DEFAULT_THREADS);
  }

  /**
   * The request threads as a service of the runtime: stopped after the dispatcher's shutdown, once
   * every answer is out, and after the services of later modules.
   */
  @ProvidesIntoSet
  @Singleton
  Service requestThreadsService(RequestThreads threads) {
    return threads;
  }
}
