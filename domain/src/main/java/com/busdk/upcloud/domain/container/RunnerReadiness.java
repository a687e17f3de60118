package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.Polling;
import com.busdk.upcloud.domain.ServerWaits;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Brings the runner to {@code started} and waits until its SSH port answers; both waits are pending
 * futures between polls.
 */
final class RunnerReadiness {
  private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final CloudServers cloud;
  private final Reachability reachability;
  private final TimeSource time;
  private final ServerWaits waits;
  private final RunnerSettings settings;
  private final ContainerSettings container;
  private final RunnerMemory memory;

  RunnerReadiness(
      CloudServers cloud,
      Reachability reachability,
      TimeSource time,
      ServerWaits waits,
      RunnerSettings settings,
      ContainerSettings container,
      RunnerMemory memory) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.reachability = requireNonNull(reachability, "reachability is null");
    this.time = requireNonNull(time, "time is null");
    this.waits = requireNonNull(waits, "waits is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.container = requireNonNull(container, "container is null");
    this.memory = requireNonNull(memory, "memory is null");
  }

  /**
   * Starts the runner unless it runs, retrying while the provider is busy, and waits for {@code
   * started} until {@code deadline}. The first call runs on the calling thread; each later poll on
   * {@code continuations}, and no thread waits in between.
   *
   * @return the started runner, or a future failed with the {@link WorkerException} to answer with
   */
  CompletableFuture<ServerDetails> startedAsync(
      ServerDetails server, Instant deadline, Executor continuations) {
    if (server.state() == LifecycleState.READY) {
      return CompletableFuture.completedFuture(server);
    }
    String uuid = server.uuid();
    Duration interval = settings.statePollInterval();
    CompletableFuture<ServerDetails> started;
    try {
      failIfBroken(server);
      memory.booting();
      started =
          waits
              .actWhenSettledAsync(
                  uuid,
                  cloud::start,
                  d -> d.state() == LifecycleState.READY,
                  server,
                  remaining(deadline),
                  interval,
                  continuations)
              .thenCompose(
                  current ->
                      current.state() == LifecycleState.READY
                          ? CompletableFuture.completedFuture(current)
                          : waits.awaitAsync(
                              uuid,
                              d ->
                                  d.state() == LifecycleState.READY
                                      || d.state() == LifecycleState.UNAVAILABLE,
                              remaining(deadline),
                              interval,
                              continuations));
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    return started.handle(
        (current, failed) -> {
          if (failed == null) {
            failIfBroken(current);
            return current;
          }
          throw startFailure(uuid, Failures.causeOf(failed));
        });
  }

  private RuntimeException startFailure(String uuid, Throwable cause) {
    if (cause instanceof ServerWaits.WaitTimeoutException e) {
      return Failures.timeout(
          "runner start timed out after "
              + Durations.format(settings.startTimeout())
              + ": runner "
              + uuid
              + " still in state '"
              + e.lastSeen().providerState()
              + "' (maintenance timeout)");
    }
    if (cause instanceof CloudException e) {
      if (e.kind() == CloudException.Kind.NOT_FOUND) {
        memory.forget();
      }
      return Failures.fromCloud("runner start", e);
    }
    if (cause instanceof RuntimeException e) {
      return e;
    }
    return new IllegalStateException(cause);
  }

  /** The explicit SSH target's host, else the runner's private (or public) IPv4 address. */
  String sshHost(ServerDetails server) {
    Optional<String> explicit = container.sshTargetHost();
    if (explicit.isPresent()) {
      return explicit.get();
    }
    boolean privateMode = settings.networkMode() == ServerSpec.NetworkMode.PRIVATE;
    Optional<String> address;
    if (privateMode) {
      String network = memory.privateNetworkUuid();
      address = network == null ? Optional.empty() : server.privateIpv4(network);
      if (address.isEmpty()) {
        address = server.privateIpv4(null);
      }
    } else {
      address = server.publicIpv4();
    }
    return address.orElseThrow(
        () ->
            new WorkerException(
                ErrorType.PROVIDER_ERROR,
                "runner "
                    + server.uuid()
                    + " has no "
                    + (privateMode ? "private" : "public")
                    + " IPv4 address to reach over SSH"));
  }

  /**
   * Probes {@code host}'s SSH port until it answers or the SSH readiness timeout passes; the first
   * probe runs on the calling thread, each later one on {@code continuations} after the interval. A
   * probe itself blocks its thread for at most its timeout.
   *
   * @return a future failed with a {@code timeout} {@link WorkerException} when the port stays shut
   */
  CompletableFuture<Void> awaitSshAsync(String host, Executor continuations) {
    Duration interval = settings.sshReadyPollInterval();
    Duration probeTimeout =
        interval.compareTo(MAX_PROBE_TIMEOUT) < 0 ? interval : MAX_PROBE_TIMEOUT;
    Instant deadline = time.now().plus(settings.sshReadyTimeout());
    return Polling.poll(
            time,
            interval,
            continuations,
            first -> {
              Reachability.ProbeResult result =
                  reachability.probe(host, RunnerLifecycle.SSH_PORT, probeTimeout);
              if (result.reachable()) {
                return Optional.of(Boolean.TRUE);
              }
              if (!time.now().isBefore(deadline)) {
                throw Failures.timeout(
                    "runner SSH readiness timed out after "
                        + Durations.format(settings.sshReadyTimeout())
                        + ": "
                        + host
                        + ":"
                        + RunnerLifecycle.SSH_PORT
                        + " "
                        + result.detail());
              }
              return Optional.empty();
            })
        .thenApply(reachable -> null);
  }

  private static void failIfBroken(ServerDetails server) {
    if (server.state() == LifecycleState.UNAVAILABLE) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "runner start failed: runner "
              + server.uuid()
              + " is in state '"
              + server.providerState()
              + "'");
    }
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(time.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
