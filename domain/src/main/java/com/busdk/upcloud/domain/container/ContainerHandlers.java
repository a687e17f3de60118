package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.RequestContext;
import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ContainerDeleteRequest;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.RunJournal;
import java.util.Map;

/** The public container request handlers, keyed by request event name. */
public final class ContainerHandlers {
  private final ContainerRuns runs;

  public ContainerHandlers(ContainerRuns runs) {
    this.runs = requireNonNull(runs, "runs is null");
  }

  public Map<String, RequestHandler> handlers() {
    return Map.of(
        BusEventName.CONTAINERS_STATUS.request(),
        request -> runs.status(request.correlationId(), request.requireRequester()),
        BusEventName.CONTAINERS_RUN.request(),
        new RunHandler(),
        BusEventName.CONTAINERS_DELETE.request(),
        request -> {
          String owner = request.requireRequester();
          ContainerDeleteRequest payload = request.payload(ContainerDeleteRequest.class);
          return runs.delete(request.correlationId(), owner, payload.runId());
        });
  }

  /** Runs, and after a restart reconciles the runs that were in flight. */
  private final class RunHandler implements RequestHandler {
    @Override
    public EventPayload handle(RequestContext request) {
      String owner = request.requireRequester();
      ContainerRunRequest payload = request.payload(ContainerRunRequest.class);
      return runs.run(request.correlationId(), owner, payload);
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
