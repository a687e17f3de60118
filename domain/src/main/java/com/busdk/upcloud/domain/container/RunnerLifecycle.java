package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.ServerWaits;
import com.busdk.upcloud.ports.ActionResponse;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The one runner server: found by label then by name ({@link RunnerLocator}), created on demand
 * ({@link RunnerProvisioner}), started and probed on its SSH port ({@link RunnerReadiness}),
 * bootstrapped once per boot ({@link RunnerBootstrap}), and deleted under the {@link DeletePolicy}
 * ({@link RunnerDeletion}).
 *
 * <p>Lifecycle changes (ensure, delete) are serialised through one {@link LifecycleGate}, which an
 * ensure holds across its waits without holding a thread. Concurrent {@link #ensureReadyAsync}
 * calls share one in-progress ensure, so a burst of runs never creates two runners or bootstraps
 * twice. Once the runner's UUID is known, an ensure of a ready runner reads its state once and
 * lists nothing.
 */
public final class RunnerLifecycle {
  public static final String LABEL_MANAGED_BY = "managed-by";
  public static final String MANAGED_BY_VALUE = "bus-integration-upcloud";
  public static final String LABEL_RUNNER = "bus-runner";
  public static final int SSH_PORT = 22;

  private final TimeSource time;
  private final RunnerSettings settings;
  private final ContainerSettings container;
  private final RunnerLocator locator;
  private final RunnerProvisioner provisioner;
  private final RunnerReadiness readiness;
  private final RunnerBootstrap bootstrap;
  private final RunnerDeletion deletion;

  private final LifecycleGate gate = new LifecycleGate();
  private final Object flightLock = new Object();

  /** The ensure in progress; guarded by {@link #flightLock}. */
  private CompletableFuture<ReadyRunner> inFlight;

  /** The runner the last ensure made ready, until a delete; for reads that must not create it. */
  private volatile ReadyRunner lastReady;

  public RunnerLifecycle(
      CloudServers cloud,
      Reachability reachability,
      RemoteScripts scripts,
      TimeSource time,
      RunnerSettings settings,
      ContainerSettings container,
      DeletePolicy deletePolicy) {
    requireNonNull(cloud, "cloud is null");
    requireNonNull(reachability, "reachability is null");
    requireNonNull(scripts, "scripts is null");
    this.time = requireNonNull(time, "time is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.container = requireNonNull(container, "container is null");
    requireNonNull(deletePolicy, "deletePolicy is null");
    ServerWaits waits = new ServerWaits(cloud, time);
    RunnerMemory memory = new RunnerMemory(settings.privateNetwork());
    this.locator =
        new RunnerLocator(
            cloud,
            settings.runnerName(),
            memory,
            new RunnerDuplicates(cloud, waits, settings.runnerName(), deletePolicy));
    this.provisioner = new RunnerProvisioner(cloud, settings, container, locator, memory);
    this.readiness =
        new RunnerReadiness(cloud, reachability, time, waits, settings, container, memory);
    this.bootstrap = new RunnerBootstrap(scripts, settings, container, memory);
    this.deletion =
        new RunnerDeletion(cloud, time, settings.provisioning(), deletePolicy, locator, memory);
  }

  public String runnerName() {
    return settings.runnerName();
  }

  /**
   * Makes the runner usable: finds or creates it, starts it, waits for its SSH port and bootstraps
   * it once per boot. Concurrent callers share one ensure and its outcome. Waits on the calling
   * thread, and the steps after each wait run where that wait ends: for tests and tools; requests
   * use {@link #ensureReadyAsync}.
   *
   * @param correlationId the request's correlation id; ssh-runner exchanges derive theirs from it
   * @param identityId the identity the work is done for, or null for admin requests
   * @throws WorkerException naming the step that failed
   */
  public ReadyRunner ensureReady(String correlationId, String identityId) {
    return Failures.join(ensureReadyAsync(correlationId, identityId, Runnable::run));
  }

  /**
   * {@link #ensureReady} as a future that holds no thread while it waits. The first caller finds or
   * creates the runner on its own thread; the waits for {@code started}, for the SSH port and for
   * the bootstrap answer are pending futures, and the steps after them run on {@code
   * continuations}. Callers that arrive meanwhile share the ensure in progress as a future.
   * Cancelling the returned future gives up waiting for it; the ensure goes on for the others.
   */
  public CompletableFuture<ReadyRunner> ensureReadyAsync(
      String correlationId, String identityId, Executor continuations) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(continuations, "continuations is null");
    CompletableFuture<ReadyRunner> flight;
    synchronized (flightLock) {
      if (inFlight != null) {
        return inFlight.copy();
      }
      inFlight = new CompletableFuture<>();
      flight = inFlight;
    }
    CompletableFuture<ReadyRunner> work;
    try {
      work = gated(() -> ensureSerialised(correlationId, identityId, continuations), continuations);
    } catch (RuntimeException | Error e) {
      work = CompletableFuture.failedFuture(e);
    }
    var unused =
        work.whenComplete(
            (ready, failed) -> {
              synchronized (flightLock) {
                inFlight = null;
              }
              if (failed == null) {
                flight.complete(ready);
              } else {
                flight.completeExceptionally(Failures.causeOf(failed));
              }
            });
    return flight.copy();
  }

  /** Runs {@code work} holding the lifecycle gate, on {@code continuations} if it had to wait. */
  private <T> CompletableFuture<T> gated(
      Supplier<CompletableFuture<T>> work, Executor continuations) {
    CompletableFuture<Void> turn = gate.acquire();
    CompletableFuture<T> done =
        turn.isDone()
            ? turn.thenCompose(held -> work.get())
            : turn.thenComposeAsync(held -> work.get(), continuations);
    return done.whenComplete((ok, failed) -> gate.release());
  }

  private CompletableFuture<ReadyRunner> ensureSerialised(
      String correlationId, String identityId, Executor continuations) {
    Instant startDeadline = time.now().plus(settings.startTimeout());
    ServerDetails located = provisioner.locateOrCreate();
    return readiness
        .startedAsync(located, startDeadline, continuations)
        .thenCompose(
            server -> {
              String host = readiness.sshHost(server);
              return readiness
                  .awaitSshAsync(host, continuations)
                  .thenCompose(
                      reachable ->
                          bootstrap.oncePerBootAsync(
                              correlationId, identityId, server, host, continuations))
                  .thenApply(
                      bootstrapped -> {
                        ReadyRunner ready =
                            new ReadyRunner(
                                server, host, container.effectiveSshUsers(), statusOf(server));
                        lastReady = ready;
                        return ready;
                      });
            });
  }

  /**
   * The runner as far as it is known to be usable, without creating, starting or waiting for it:
   * the one the last ensure made ready, else an existing started runner (one provider lookup).
   * Empty when there is no started runner, so no container can be running on it.
   */
  public Optional<ReadyRunner> knownReady() {
    ReadyRunner known = lastReady;
    if (known != null) {
      return Optional.of(known);
    }
    Optional<ServerDetails> server = locator.locate(false);
    if (server.isEmpty() || server.get().state() != LifecycleState.READY) {
      return Optional.empty();
    }
    String host = readiness.sshHost(server.get());
    return Optional.of(
        new ReadyRunner(server.get(), host, container.effectiveSshUsers(), statusOf(server.get())));
  }

  /**
   * The runner's status without changing anything; a missing runner is {@code stopped} with {@code
   * exists=false}, since the next run creates it. Does not wait for an ensure in progress.
   */
  public StatusPayload status() {
    Optional<ServerDetails> server = locator.locate(false);
    if (server.isEmpty()) {
      return new StatusPayload(
          LifecycleState.STOPPED.wire(),
          container.providerName(),
          StatusDetails.absent(settings.runnerName()));
    }
    return statusOf(server.get());
  }

  /** Starts and bootstraps the runner, waiting on the calling thread; see {@link #startAsync}. */
  public ActionResponse start(String correlationId) {
    return Failures.join(startAsync(correlationId, Runnable::run));
  }

  /**
   * Starts and bootstraps the runner (creating it when the provisioning allows), as {@link
   * #ensureReadyAsync} does.
   */
  public CompletableFuture<ActionResponse> startAsync(
      String correlationId, Executor continuations) {
    return ensureReadyAsync(correlationId, null, continuations)
        .thenApply(ready -> new ActionResponse(true, "start", ready.status()));
  }

  /**
   * Deletes the runner under the delete policy (and every duplicate carrying our labels). A missing
   * runner is already deleted.
   *
   * @throws WorkerException {@code conflict} when the provisioning never deletes runners
   */
  public boolean delete() {
    deletion.requireOwnership();
    CompletableFuture<Void> turn = gate.acquire();
    try {
      turn.get();
    } catch (InterruptedException e) {
      if (!turn.cancel(false)) {
        gate.release();
      }
      throw Failures.interrupted("runner delete");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    try {
      lastReady = null;
      deletion.deleteAll();
      return true;
    } finally {
      gate.release();
    }
  }

  private StatusPayload statusOf(ServerDetails server) {
    StatusDetails details =
        StatusDetails.of(
                server.providerState(),
                server.uuid(),
                server.title().isEmpty() ? settings.runnerName() : server.title())
            .withExists(true);
    return new StatusPayload(server.state().wire(), container.providerName(), details);
  }
}
