package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.ServerWaits;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSummary;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two workers raced and each created a runner: every worker keeps the lowest UUID, so they agree
 * without talking, and deletes the rest.
 */
final class RunnerDuplicates {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerDuplicates.class);

  private final CloudServers cloud;
  private final ServerWaits waits;
  private final String runnerName;
  private final DeletePolicy deletePolicy;

  RunnerDuplicates(
      CloudServers cloud, ServerWaits waits, String runnerName, DeletePolicy deletePolicy) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.waits = requireNonNull(waits, "waits is null");
    this.runnerName = requireNonNull(runnerName, "runnerName is null");
    this.deletePolicy = requireNonNull(deletePolicy, "deletePolicy is null");
  }

  /**
   * Deletes every runner of {@code ours} (lowest UUID first) but the first. A failure here is
   * logged, not fatal: the kept runner is still usable.
   */
  void removeAllButFirst(List<ServerSummary> ours) {
    for (ServerSummary extra : ours.subList(1, ours.size())) {
      LOG.warn(
          "runner {} has duplicate {} (kept {}); deleting the duplicate",
          runnerName,
          extra.uuid(),
          ours.get(0).uuid());
      try {
        remove(extra.uuid());
      } catch (RuntimeException e) {
        LOG.warn("could not delete duplicate runner {}: {}", extra.uuid(), e.getMessage());
      }
    }
  }

  /**
   * Stops (hard) and deletes one duplicate with its storages. A duplicate that is not settled
   * (still being created, in maintenance) is left alone: its creator sees the same listing right
   * after its create and removes it once settled, so a run never waits on another worker's create.
   */
  private void remove(String uuid) {
    Duration timeout = deletePolicy.timeout();
    ServerDetails current = cloud.get(uuid);
    if (current.state() == LifecycleState.READY) {
      cloud.stop(uuid, CloudServers.StopType.HARD, timeout);
      try {
        current =
            waits.await(
                uuid,
                d -> d.state() == LifecycleState.STOPPED || d.state() == LifecycleState.UNAVAILABLE,
                timeout,
                deletePolicy.pollInterval());
      } catch (ServerWaits.WaitTimeoutException e) {
        throw Failures.timeout("duplicate runner did not stop: " + e.getMessage());
      } catch (InterruptedException e) {
        throw Failures.interrupted("duplicate runner delete");
      }
    }
    if (current.state() != LifecycleState.STOPPED) {
      LOG.info(
          "duplicate runner {} is in state {}; left to its creator", uuid, current.providerState());
      return;
    }
    cloud.delete(uuid, true);
  }
}
