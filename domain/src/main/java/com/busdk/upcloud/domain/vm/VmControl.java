package com.busdk.upcloud.domain.vm;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.ServerWaits;
import com.busdk.upcloud.ports.ActionResponse;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * VM status, start and stop. Start and stop answer once the provider accepted the action (or the VM
 * is already there); they poll through maintenance and a busy provider ({@code BUSY}) only within
 * the action timeout, so callers with a one-minute budget still get an answer.
 *
 * <p>{@link #startAsync} and {@link #stopAsync} hold no thread between polls (see {@link
 * ServerWaits}); {@link #start} and {@link #stop} wait on the calling thread.
 */
public final class VmControl {
  /** Soft stop first; UpCloud hard-stops after this many seconds. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  private final CloudServers cloud;
  private final VmSettings settings;
  private final ServerRef vm;
  private final ServerWaits waits;

  public VmControl(CloudServers cloud, VmSettings settings, TimeSource time) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.vm = new ServerRef(cloud, settings.vmName());
    this.waits = new ServerWaits(cloud, time);
  }

  public StatusResponse status() {
    try {
      return vm.read()
          .map(server -> new StatusResponse(statusOf(server, null)))
          .orElseGet(this::missingStatus);
    } catch (CloudException e) {
      throw Failures.fromCloud("VM status", e);
    }
  }

  /** Starts the VM, waiting on the calling thread; see {@link #startAsync}. */
  public ActionResponse start() {
    return Failures.join(act(Action.START, null));
  }

  /**
   * Starts the VM. The first read and the first attempt run on the calling thread; each later poll
   * runs on {@code continuations} once the poll interval has passed, and no thread waits between. A
   * failure is a failed future carrying the {@link WorkerException} to answer with.
   */
  public CompletableFuture<ActionResponse> startAsync(Executor continuations) {
    return act(Action.START, requireNonNull(continuations, "continuations is null"));
  }

  /** Stops the VM, waiting on the calling thread; see {@link #stopAsync}. */
  public ActionResponse stop() {
    return Failures.join(act(Action.STOP, null));
  }

  /** Stops the VM (soft, then hard after a grace); polls as {@link #startAsync} does. */
  public CompletableFuture<ActionResponse> stopAsync(Executor continuations) {
    return act(Action.STOP, requireNonNull(continuations, "continuations is null"));
  }

  /** Start or stop; {@code continuations} null means blocking on the calling thread. */
  private CompletableFuture<ActionResponse> act(Action action, Executor continuations) {
    ServerDetails server;
    CompletableFuture<ServerDetails> settled;
    try {
      server =
          vm.read()
              .orElseThrow(
                  () ->
                      new WorkerException(
                          ErrorType.NOT_FOUND, "VM \"" + settings.vmName() + "\" not found"));
      settled =
          continuations == null
              ? CompletableFuture.completedFuture(
                  waits.actWhenSettled(
                      server.uuid(),
                      call(action),
                      action::there,
                      server,
                      settings.actionTimeout(),
                      settings.pollInterval()))
              : waits.actWhenSettledAsync(
                  server.uuid(),
                  call(action),
                  action::there,
                  server,
                  settings.actionTimeout(),
                  settings.pollInterval(),
                  continuations);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(failure(action, e));
    }
    CompletableFuture<ActionResponse> response =
        settled.handle(
            (after, failed) -> {
              if (failed != null) {
                throw failure(action, Failures.causeOf(failed));
              }
              LifecycleState reported =
                  action.pending != null && !action.there(after) ? action.pending : null;
              return new ActionResponse(true, action.wire, statusOf(after, reported));
            });
    // Cancelling the answer (a request cut short by shutdown) stops the polling.
    var unused = response.whenComplete((ok, failed) -> settled.cancel(false));
    return response;
  }

  private Function<String, ServerDetails> call(Action action) {
    return action == Action.START
        ? cloud::start
        : uuid -> cloud.stop(uuid, CloudServers.StopType.SOFT, STOP_GRACE);
  }

  /** The reply a failed start or stop answers with. */
  private RuntimeException failure(Action action, Throwable cause) {
    if (cause instanceof CloudException e) {
      return Failures.fromCloud("VM " + action.wire, e);
    }
    if (cause instanceof ServerWaits.WaitTimeoutException e) {
      return Failures.timeout(
          "VM "
              + action.wire
              + " timed out after "
              + settings.actionTimeout().toSeconds()
              + "s: UpCloud kept the server in state '"
              + e.lastSeen().providerState()
              + "' (maintenance timeout)");
    }
    if (cause instanceof InterruptedException) {
      return Failures.interrupted("VM " + action.wire);
    }
    if (cause instanceof RuntimeException e) {
      return e;
    }
    return new IllegalStateException(cause);
  }

  private StatusPayload statusOf(ServerDetails server, LifecycleState override) {
    LifecycleState state = override != null ? override : server.state();
    StatusDetails details =
        StatusDetails.of(
                server.providerState(),
                server.uuid(),
                server.title().isEmpty() ? server.hostname() : server.title())
            .withPlace(server.hostname(), server.zone());
    return new StatusPayload(state.wire(), settings.providerName(), details);
  }

  private StatusResponse missingStatus() {
    return new StatusResponse(
        new StatusPayload(
            LifecycleState.UNAVAILABLE.wire(),
            settings.providerName(),
            StatusDetails.absent(settings.vmName())));
  }

  /** What start and stop differ in: the state that needs no action, and the state reported. */
  private enum Action {
    START("start", LifecycleState.READY, LifecycleState.STARTING),
    STOP("stop", LifecycleState.STOPPED, null);

    final String wire;
    final LifecycleState target;
    final LifecycleState pending;

    Action(String wire, LifecycleState target, LifecycleState pending) {
      this.wire = wire;
      this.target = target;
      this.pending = pending;
    }

    boolean there(ServerDetails server) {
      return server.state() == target;
    }
  }
}
