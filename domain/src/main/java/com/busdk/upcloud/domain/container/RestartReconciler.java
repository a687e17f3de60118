package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.TimeSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restarted worker does about the runs its previous process had in flight. The rule: <b>a
 * run interrupted by a restart is stopped and reported failed</b>. Its requester's ssh-runner
 * exchange died with the old process, so the output could not be collected whole; stopping the
 * container frees the runner and makes the answer definite.
 *
 * <ul>
 *   <li>Every container on the runner labelled with this worker's group and id is removed: those of
 *       journal runs still recorded as running, and any the journal does not know (started just
 *       before a crash), so no container of this worker is left running unseen.
 *   <li>Each run still recorded as running is marked {@code failed} with a message saying the
 *       worker restarted and whether its container was stopped or already gone.
 *   <li>The requester of each such run gets one error answer saying so, published by the
 *       dispatcher's recovery under the run request's correlation id.
 * </ul>
 *
 * When there is no started runner, no container can be running, and the runs are marked failed all
 * the same. When the runner cannot be asked, the runs are marked failed and the containers are
 * left; the log says so.
 */
final class RestartReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(RestartReconciler.class);

  private final RunnerLifecycle runner;
  private final RunnerShell shell;
  private final RunJournal journal;
  private final RunPolicy policy;
  private final TimeSource time;
  private final Map<String, ErrorReply> answers = new HashMap<>();
  private boolean done;

  RestartReconciler(
      RunnerLifecycle runner,
      RunnerShell shell,
      RunJournal journal,
      RunPolicy policy,
      TimeSource time) {
    this.runner = requireNonNull(runner, "runner is null");
    this.shell = requireNonNull(shell, "shell is null");
    this.journal = requireNonNull(journal, "journal is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.time = requireNonNull(time, "time is null");
  }

  synchronized void reconcile() {
    if (done) {
      return;
    }
    done = true;
    List<RunEntry> running = journal.runningRuns(policy.worker());
    Set<String> stopped = new HashSet<>();
    String checkFailure = null;
    String correlation = "restart-" + policy.worker() + "-" + time.now().toEpochMilli();
    try {
      Optional<ReadyRunner> target = runner.knownReady();
      if (target.isPresent()) {
        Map<String, String> labels =
            Map.of(RunLabels.GROUP, policy.group(), RunLabels.WORKER, policy.worker());
        for (PodmanScript.LiveContainer live :
            shell.list(correlation + ".ssh.ps", target.get(), labels, null)) {
          shell.remove(correlation + ".ssh.rm", target.get(), live.containerName(), null);
          stopped.add(live.containerName());
          LOG.warn(
              "stopped container {} of run {} left by a previous process of this worker",
              live.containerName(),
              live.runId());
        }
      }
    } catch (RuntimeException e) {
      checkFailure = e.getMessage();
      LOG.error("could not check the runner for containers left by a restart: {}", checkFailure);
    }
    for (RunEntry run : running) {
      String what =
          checkFailure != null
              ? "its container could not be checked (" + checkFailure + ")"
              : stopped.contains(run.launch().containerName())
                  ? "its container was stopped"
                  : "its container was no longer running";
      String message = "the worker restarted while the run was in flight; " + what;
      journal.updateRun(run.finished(RunState.FAILED, time.now(), null, null, message));
      answers.put(
          run.launch().correlationId(),
          ErrorReply.of(
              ErrorType.PROVIDER_ERROR, "run " + run.key().runId() + " interrupted: " + message));
    }
  }

  /** The answer for the run request under {@code correlationId}. */
  synchronized ErrorReply answerFor(String correlationId) {
    ErrorReply known = answers.remove(correlationId);
    return known != null
        ? known
        : ErrorReply.of(
            ErrorType.PROVIDER_ERROR,
            "run interrupted: the worker restarted before answering; bus.containers.status shows"
                + " the run if it was recorded");
  }
}
