package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the runner: by its known UUID (one state read), else by our labels (the lowest UUID), else
 * by name or UUID.
 */
final class RunnerLocator {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerLocator.class);

  private final CloudServers cloud;
  private final String runnerName;
  private final RunnerMemory memory;
  private final RunnerDuplicates duplicates;

  RunnerLocator(
      CloudServers cloud, String runnerName, RunnerMemory memory, RunnerDuplicates duplicates) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.runnerName = requireNonNull(runnerName, "runnerName is null");
    this.memory = requireNonNull(memory, "memory is null");
    this.duplicates = requireNonNull(duplicates, "duplicates is null");
  }

  /**
   * The runner, remembered; labelled duplicates are deleted when {@code removeDuplicates}.
   *
   * @throws com.busdk.upcloud.ports.WorkerException naming the runner lookup
   */
  Optional<ServerDetails> locate(boolean removeDuplicates) {
    String uuid = memory.knownUuid();
    if (uuid != null) {
      try {
        return Optional.of(cloud.get(uuid));
      } catch (CloudException e) {
        if (e.kind() != CloudException.Kind.NOT_FOUND) {
          throw Failures.fromCloud("runner lookup", e);
        }
        LOG.info("runner {} is gone; looking it up again", uuid);
        memory.forgetUuid();
      }
    }
    return RunnerSteps.cloud(
        "runner lookup",
        () -> {
          List<ServerSummary> ours = labelledRunners();
          if (ours.isEmpty()) {
            return cloud.find(runnerName).map(memory::remember);
          }
          return Optional.of(
              removeDuplicates ? keepLowest(ours) : memory.remember(cloud.get(ours.get(0).uuid())));
        });
  }

  /**
   * Our runners, lowest UUID first; the label filter is re-checked, never trusted blindly.
   *
   * @throws CloudException when the listing fails
   */
  List<ServerSummary> labelledRunners() {
    Map<String, String> labels = labels();
    return cloud.listByLabels(labels).stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .sorted(Comparator.comparing(ServerSummary::uuid))
        .toList();
  }

  /**
   * Keeps the first (lowest UUID) of {@code ours}, deletes the others, and returns the kept runner,
   * remembered.
   *
   * @throws CloudException when reading the kept runner fails
   */
  ServerDetails keepLowest(List<ServerSummary> ours) {
    duplicates.removeAllButFirst(ours);
    return memory.remember(cloud.get(ours.get(0).uuid()));
  }

  /** The labels that mark a server as this worker's runner. */
  Map<String, String> labels() {
    return Map.of(
        RunnerLifecycle.LABEL_MANAGED_BY,
        RunnerLifecycle.MANAGED_BY_VALUE,
        RunnerLifecycle.LABEL_RUNNER,
        runnerName);
  }
}
