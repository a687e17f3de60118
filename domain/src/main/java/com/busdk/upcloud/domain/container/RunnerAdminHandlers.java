package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.RunnerDeleteResponse;
import com.busdk.upcloud.ports.StatusResponse;
import java.util.Map;

/**
 * The protected runner administration handlers ({@code container:admin}), keyed by request event
 * family. Their request bodies are empty: they act on the configured runner only. A start waits for
 * the runner as a pending future; a delete still waits on its request thread.
 */
public final class RunnerAdminHandlers {
  private final RunnerLifecycle lifecycle;

  public RunnerAdminHandlers(RunnerLifecycle lifecycle) {
    this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
  }

  public Map<BusEventName, RequestHandler> handlers() {
    return Map.of(
        BusEventName.RUNNER_STATUS,
        request -> new StatusResponse(lifecycle.status()),
        BusEventName.RUNNER_START,
        RequestHandler.async(
            request -> lifecycle.startAsync(request.correlationId(), request.continuations())),
        BusEventName.RUNNER_DELETE,
        request -> new RunnerDeleteResponse(lifecycle.delete()));
  }
}
