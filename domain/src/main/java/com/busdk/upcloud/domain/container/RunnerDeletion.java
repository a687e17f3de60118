package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the runner, and every duplicate carrying our labels, under the {@link DeletePolicy}. */
final class RunnerDeletion {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerDeletion.class);

  private final CloudServers cloud;
  private final TimeSource time;
  private final Provisioning provisioning;
  private final DeletePolicy policy;
  private final RunnerLocator locator;
  private final RunnerMemory memory;

  RunnerDeletion(
      CloudServers cloud,
      TimeSource time,
      Provisioning provisioning,
      DeletePolicy policy,
      RunnerLocator locator,
      RunnerMemory memory) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.time = requireNonNull(time, "time is null");
    this.provisioning = requireNonNull(provisioning, "provisioning is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.locator = requireNonNull(locator, "locator is null");
    this.memory = requireNonNull(memory, "memory is null");
  }

  /**
   * @throws WorkerException {@code conflict} when the provisioning never deletes runners
   */
  void requireOwnership() {
    if (!provisioning.ownsRunner()) {
      throw new WorkerException(
          ErrorType.CONFLICT,
          "runner delete refused: provisioning " + provisioning + " never deletes the runner");
    }
  }

  /**
   * Deletes our labelled runners, or else the runner found by name; a missing runner is already
   * deleted. Call with the lifecycle lock held.
   */
  void deleteAll() {
    Instant deadline = time.now().plus(policy.timeout());
    List<String> targets = new ArrayList<>();
    RunnerSteps.cloud("runner delete", locator::labelledRunners).stream()
        .map(ServerSummary::uuid)
        .forEach(targets::add);
    if (targets.isEmpty()) {
      locator.locate(false).ifPresent(s -> targets.add(s.uuid()));
    }
    for (String uuid : targets) {
      deleteOne(uuid, deadline);
    }
    memory.forget();
  }

  private void deleteOne(String uuid, Instant deadline) {
    Optional<ServerDetails> found = read(uuid);
    if (found.isEmpty()) {
      return;
    }
    ServerDetails current = found.get();
    List<String> storages = current.storageUuids();
    LOG.info("deleting runner {} (state {})", uuid, current.providerState());
    boolean stopAttempted = false;
    boolean stopAccepted = false;
    while (true) {
      LifecycleState state = current.state();
      String step = "runner delete";
      try {
        if (policy.readyStates().contains(state)) {
          cloud.delete(uuid, policy.deleteStorage());
          break;
        } else if (policy.transientStates().contains(state)) {
          LOG.debug("runner {} in transient state {}; polling", uuid, state);
        } else if (policy.stopFirst()
            && !stopAccepted
            && (!stopAttempted || current.state() == LifecycleState.READY)) {
          // A refused stop (the server is busy) is retried only while the runner still runs.
          step = "runner stop";
          stopAttempted = true;
          current = cloud.stop(uuid, CloudServers.StopType.HARD, policy.timeout());
          stopAccepted = true;
          continue;
        } else if (!(stopAccepted && current.state() == LifecycleState.READY)) {
          // A started runner after an accepted stop is a stop in progress; any other state will
          // not turn delete-ready by waiting.
          throw notDeletable(uuid, current);
        }
      } catch (CloudException e) {
        if (e.kind() == CloudException.Kind.NOT_FOUND) {
          break;
        }
        if (!e.isBusy()) {
          throw Failures.fromCloud(step, e);
        }
      }
      if (!time.now().isBefore(deadline)) {
        throw Failures.timeout(
            "runner delete timed out after "
                + Durations.format(policy.timeout())
                + ": runner "
                + uuid
                + " still in state '"
                + state
                + "'");
      }
      RunnerSteps.pause(time, policy.pollInterval(), "runner delete");
      found = read(uuid);
      if (found.isEmpty()) {
        break;
      }
      current = found.get();
    }
    if (policy.deleteStorage()) {
      removeLeftoverStorages(uuid, storages, deadline);
    }
  }

  /** The server as it is now, or empty once it is gone. */
  private Optional<ServerDetails> read(String uuid) {
    try {
      return Optional.of(cloud.get(uuid));
    } catch (CloudException e) {
      if (e.kind() == CloudException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw Failures.fromCloud("runner delete", e);
    }
  }

  private WorkerException notDeletable(String uuid, ServerDetails current) {
    return new WorkerException(
        ErrorType.CONFLICT,
        "runner delete failed: runner "
            + uuid
            + " is in state '"
            + current.state().wire()
            + "' (provider state '"
            + current.providerState()
            + "'), neither delete-ready "
            + policy.readyStates()
            + " nor transient "
            + policy.transientStates()
            + (policy.stopFirst() ? "" : " and stop-first is off"));
  }

  /**
   * Verifies the runner's storages are gone and deletes any left behind (a storage can stay
   * attached for a moment while the server's deletion settles).
   */
  private void removeLeftoverStorages(String serverUuid, List<String> storages, Instant deadline) {
    for (String storage : storages) {
      try {
        removeLeftoverStorage(serverUuid, storage, deadline);
      } catch (CloudException e) {
        throw Failures.fromCloud("runner storage delete", e);
      }
    }
  }

  private void removeLeftoverStorage(String serverUuid, String storage, Instant deadline) {
    while (cloud.storageExists(storage)) {
      LOG.info("runner {} storage {} left behind; deleting it", serverUuid, storage);
      try {
        cloud.deleteStorage(storage);
      } catch (CloudException e) {
        if (e.kind() != CloudException.Kind.CONFLICT && !e.isBusy()) {
          throw e;
        }
      }
      if (!cloud.storageExists(storage)) {
        break;
      }
      if (!time.now().isBefore(deadline)) {
        throw Failures.timeout("runner deleted but its storage " + storage + " still exists");
      }
      RunnerSteps.pause(time, policy.pollInterval(), "runner storage delete");
    }
  }
}
