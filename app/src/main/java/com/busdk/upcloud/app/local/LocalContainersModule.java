package com.busdk.upcloud.app.local;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.health.MeteredRemoteScripts;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.wiring.HandlerDecorator;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.StatusPayload;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code --local} changes for the static provider's container runs: with a working Podman or
 * Docker, scripts run on this machine ({@link LocalScripts}) instead of returning empty output; in
 * every case each run answer says in {@code runtime.details.container_runtime} which runtime ran
 * it, or that none could. Installed as an override of the standard modules.
 */
public final class LocalContainersModule extends AbstractModule {
  /** The key in a run answer's {@code runtime.details}. */
  public static final String DETAIL = "container_runtime";

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
      String requestName, com.busdk.upcloud.domain.RequestHandler handler) {
    if (!requestName.equals(BusEventName.CONTAINERS_RUN.request())) {
      return handler;
    }
    return request -> {
      EventPayload answer = handler.handle(request);
      if (!(answer instanceof ContainerRunResponse run)) {
        return answer;
      }
      StatusPayload status = run.runtime();
      Map<String, Object> details =
          new LinkedHashMap<>(status == null ? Map.of() : status.details());
      details.put(DETAIL, runtime.detail());
      StatusPayload noted =
          status == null
              ? new StatusPayload("ready", "static", details)
              : new StatusPayload(status.state(), status.provider(), details);
      return new ContainerRunResponse(
          run.runId(),
          run.ownerIdentityId(),
          run.runnerName(),
          run.image(),
          run.args(),
          run.exitCode(),
          run.stdout(),
          run.stderr(),
          run.stdoutTruncated(),
          run.stderrTruncated(),
          run.durationMs(),
          noted);
    };
  }
}
