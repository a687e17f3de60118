package com.busdk.upcloud.app.local;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.health.MeteredRemoteScripts;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.wiring.HandlerDecorator;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;

/**
 * What {@code --local} changes for the static provider's container runs: with a working Podman or
 * Docker, scripts run on this machine ({@link LocalScripts}) instead of returning empty output; in
 * every case each run answer says in {@code runtime.details.container_runtime} which runtime ran
 * it, or that none could. Installed as an override of the standard modules.
 */
public final class LocalContainersModule extends AbstractModule {
  /** The key in a run answer's {@code runtime.details}. */
  private final ContainerRuntime runtime;

  private final RemoteScripts scripts;
  private final Telemetry telemetry;

  /**
   * @param scripts the local script runner; null when {@code runtime} is none
   */
  public LocalContainersModule(
      ContainerRuntime runtime, RemoteScripts scripts, Telemetry telemetry) {
    this.runtime = requireNonNull(runtime, "runtime is null");
    this.scripts = scripts;
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
    if (runtime.available() == (scripts == null)) {
      throw new IllegalArgumentException("a script runner exactly when there is a runtime");
    }
  }

  @Override
  protected void configure() {
    if (scripts != null) {
      bind(RemoteScripts.class).toInstance(new MeteredRemoteScripts(scripts, telemetry));
    }
    OptionalBinder.newOptionalBinder(binder(), HandlerDecorator.class)
        .setBinding()
        .toInstance(this::noteRuntime);
  }

  private com.busdk.upcloud.domain.RequestHandler noteRuntime(
      BusEventName request, com.busdk.upcloud.domain.RequestHandler handler) {
    if (request != BusEventName.CONTAINERS_RUN) {
      return handler;
    }
    return handler.mapAnswer(
        answer -> {
          if (!(answer instanceof ContainerRunResponse run)) {
            return answer;
          }
          StatusPayload status = run.runtime();
          StatusDetails details =
              (status == null ? StatusDetails.NONE : status.details())
                  .withContainerRuntime(runtime.detail());
          StatusPayload noted =
              status == null
                  ? new StatusPayload("ready", "static", details)
                  : new StatusPayload(status.state(), status.provider(), details);
          return run.withRuntime(noted);
        });
  }
}
