package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.Worker;
import com.busdk.upcloud.app.runtime.WorkerReadiness;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import java.util.List;

/**
 * The listener loop over the dispatcher, and its readiness. The health listener is optional: {@link
 * HealthModule} binds it when {@code --health-listen} is set.
 */
public final class ListenerModule extends AbstractModule {
  private final Telemetry telemetry;
  private final List<String> alsoRequired;

  /**
   * @param alsoRequired streams beside the request streams that readiness waits for
   */
  public ListenerModule(Telemetry telemetry, List<String> alsoRequired) {
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
    this.alsoRequired = List.copyOf(requireNonNull(alsoRequired, "alsoRequired is null"));
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), HealthServer.class);
  }

  @Provides
  @Singleton
  Worker worker(EventBus bus, RequestDispatcher dispatcher, Settings settings) {
    return new Worker(
        bus,
        dispatcher,
        Delivery.unicast(settings.events().group(), settings.events().consumer()),
        settings.worker().once(),
        settings.worker().shutdownGrace(),
        settings.events().listenerRequired());
  }

  @Provides
  @Singleton
  WorkerReadiness readiness(Worker worker) {
    return new WorkerReadiness(worker, telemetry, alsoRequired);
  }
}
