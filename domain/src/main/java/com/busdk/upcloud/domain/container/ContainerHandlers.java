package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.RequestContext;
import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ContainerDeleteRequest;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.RunJournal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The public container request handlers, keyed by request event family. */
public final class ContainerHandlers {
  private final ContainerRuns runs;

  public ContainerHandlers(ContainerRuns runs) {
    this.runs = requireNonNull(runs, "runs is null");
  }

  public Map<BusEventName, RequestHandler> handlers() {
    return Map.of(
        BusEventName.CONTAINERS_STATUS,
        request -> runs.status(request.correlationId(), request.requireRequester()),
        BusEventName.CONTAINERS_RUN,
        new RunHandler(),
        BusEventName.CONTAINERS_DELETE,
        request -> {
          String owner = request.requireRequester();
          ContainerDeleteRequest payload = request.payload(ContainerDeleteRequest.class);
          return runs.delete(request.correlationId(), owner, payload.runId());
        });
  }

  /**
   * Runs (the answer is a pending future while the ssh-runner works), and after a restart
   * reconciles the runs that were in flight.
   */
  private final class RunHandler implements RequestHandler {
    @Override
    public EventPayload handle(RequestContext request) {
      return Failures.join(answer(request));
    }

    @Override
    public CompletableFuture<ContainerRunResponse> answer(RequestContext request) {
      String owner = request.requireRequester();
      ContainerRunRequest payload = request.payload(ContainerRunRequest.class);
      return runs.runAsync(request.correlationId(), owner, payload, request.continuations());
    }

    @Override
    public void afterRestart() {
      runs.afterRestart();
    }

    @Override
    public EventPayload interrupted(RunJournal.RequestKey key) {
      return runs.interruptedAnswer(key);
    }
  }
}
