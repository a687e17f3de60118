package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.InputLimits;
import com.busdk.upcloud.ports.ContainerDeleteResponse;
import com.busdk.upcloud.ports.ContainerItem;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.ContainerStatusResponse;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunOutput;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container use cases: run a disposable container on the runner, list the requester's runs,
 * delete (or cancel) one of them. Every run is owned by the identity that asked for it; another
 * identity can neither see nor delete it, and cannot even learn that it exists: run ids are unique
 * per owner, so two identities may both use {@code run_1}.
 *
 * <p>Runs are recorded in the {@link RunJournal}, and every container carries {@link RunLabels}:
 * status merges the runner's live containers with the journal, and delete removes the container by
 * its name (which every replica derives alike), so any replica of the group answers the same.
 */
public final class ContainerRuns {
  public static final String CODEX_PROFILE = "codex";

  /** GNU {@code timeout}'s exit code when the run hit its time limit. */
  static final int TIMEOUT_EXIT_CODE = 124;

  /** Extra time the ssh-runner allows beyond the in-script timeout, so that one fires first. */
  static final long SSH_MARGIN_SECONDS = PodmanScript.KILL_AFTER_SECONDS + 20L;

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuns.class);

  private final RunnerLifecycle runner;
  private final RunnerShell shell;
  private final RunJournal journal;
  private final ContainerSettings settings;
  private final RunPolicy policy;
  private final TimeSource time;
  private final RunRequestCheck check;
  private final RestartReconciler reconciler;

  /**
   * Guards read-modify-write of journal entries, so a delete and a finish never lose each other.
   */
  private final Object entryLock = new Object();

  /** Where each of this process's in-flight runs lives, keyed by container name. */
  private final Map<String, ReadyRunner> activeTargets = new ConcurrentHashMap<>();

  public ContainerRuns(
      RunnerLifecycle runner,
      RemoteScripts scripts,
      RunJournal journal,
      ContainerSettings settings,
      RunPolicy policy,
      TimeSource time) {
    this.runner = requireNonNull(runner, "runner is null");
    this.shell = new RunnerShell(requireNonNull(scripts, "scripts is null"));
    this.journal = requireNonNull(journal, "journal is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.time = requireNonNull(time, "time is null");
    this.check = new RunRequestCheck(settings, policy.inputs());
    this.reconciler = new RestartReconciler(runner, shell, journal, policy, time);
  }

  /**
   * Runs one container in the foreground and answers its result; waits on the calling thread (see
   * {@link #runAsync}).
   */
  public ContainerRunResponse run(String correlationId, String owner, ContainerRunRequest request) {
    return Failures.join(runAsync(correlationId, owner, request, Runnable::run));
  }

  /**
   * Runs one container in the foreground and answers its result. A non-zero exit code is a
   * successful answer. A run that hits its timeout is answered the same way, with exit code 124 and
   * the run recorded as {@code timeout}: the process did run and its partial output is worth more
   * to the caller than an error. Infrastructure failures (runner, SSH, ssh-runner) are {@link
   * WorkerException}s that name the failed step.
   *
   * <p>The request is checked and recorded on the calling thread; then the run is a pending future
   * while the runner is readied by another request and while the ssh-runner works, so a waiting run
   * holds no thread. The journal update and the answer happen on {@code continuations}.
   */
  public CompletableFuture<ContainerRunResponse> runAsync(
      String correlationId, String owner, ContainerRunRequest request, Executor continuations) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(request, "request is null");
    requireNonNull(continuations, "continuations is null");
    RunRequestCheck.Checked checked = check.check(request);
    String runId = request.runId() != null ? request.runId() : newRunId();
    String containerName = PodmanScript.containerName(owner, runId);
    Instant startedAt = time.now();
    RunEntry entry =
        RunEntry.started(
            new RunEntry.Key(owner, runId),
            new RunEntry.Launch(
                correlationId,
                policy.worker(),
                checked.image(),
                checked.command(),
                runner.runnerName(),
                containerName,
                startedAt));
    if (!journaled(() -> journal.insertRun(entry))) {
      throw new WorkerException(
          ErrorType.CONFLICT, "run already exists: " + InputLimits.prefix(runId));
    }
    Run run = new Run(correlationId, owner, runId, containerName, startedAt, checked, request);
    CompletableFuture<ContainerRunResponse> answer;
    try {
      CompletableFuture<ReadyRunner> ready =
          runner.ensureReadyAsync(correlationId, owner, continuations);
      answer =
          ready.isDone()
              ? ready.thenCompose(r -> send(run, r, continuations))
              : ready.thenComposeAsync(r -> send(run, r, continuations), continuations);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.whenComplete(
        (ok, failed) -> {
          activeTargets.remove(containerName);
          if (failed != null) {
            Throwable cause = Failures.causeOf(failed);
            String why =
                cause instanceof WorkerException
                    ? cause.getMessage()
                    : cause.getClass().getSimpleName();
            finish(owner, runId, r -> r.finished(RunState.FAILED, time.now(), null, null, why));
          }
        });
  }

  /** Sends the run's script to the ready runner; the answer is made once the result arrives. */
  private CompletableFuture<ContainerRunResponse> send(
      Run run, ReadyRunner ready, Executor continuations) {
    if (isDeleted(run.owner(), run.runId())) {
      throw new WorkerException(
          ErrorType.CONFLICT, "run deleted before it started: " + InputLimits.prefix(run.runId()));
    }
    activeTargets.put(run.containerName(), ready);
    RunRequestCheck.Checked checked = run.checked();
    PodmanRun podman =
        new PodmanRun(
            run.containerName(),
            RunLabels.of(
                run.runId(), run.owner(), policy.group(), policy.worker(), run.startedAt()),
            checked.image(),
            checked.command(),
            run.request().exec().env(),
            checked.workdir(),
            PodmanRun.Sandbox.of(settings),
            new PodmanRun.Bounds(checked.timeoutSeconds(), policy.outputLimitBytes()));
    ScriptRequest script =
        new ScriptRequest(
            PodmanScript.runScript(podman),
            ready.targets(),
            ready.users(),
            checked.timeoutSeconds() + SSH_MARGIN_SECONDS,
            null,
            run.owner());
    Instant sent = time.now();
    return shell
        .submit(run.correlationId() + ".ssh.run", script)
        .thenApplyAsync(result -> answer(run, ready, result, sent), continuations);
  }

  private ContainerRunResponse answer(
      Run run, ReadyRunner ready, ScriptResult result, Instant sent) {
    long durationMs = Duration.between(sent, time.now()).toMillis();
    if (result.failedToRun()) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "ssh-runner could not run the script: " + result.error().message());
    }
    RunOutput output = OutputCap.of(result, policy.outputLimitBytes());
    int exitCode = result.exitCode();
    RunState state = exitCode == TIMEOUT_EXIT_CODE ? RunState.TIMEOUT : RunState.COMPLETED;
    finish(run.owner(), run.runId(), e -> e.finished(state, time.now(), exitCode, output, null));
    RunRequestCheck.Checked checked = run.checked();
    return new ContainerRunResponse(
        run.runId(),
        run.owner(),
        runner.runnerName(),
        checked.image(),
        checked.command(),
        new ContainerRunResponse.Result(exitCode, output, durationMs),
        ready.status());
  }

  /** One run on its way: what was asked and the names it runs under. */
  private record Run(
      String correlationId,
      String owner,
      String runId,
      String containerName,
      Instant startedAt,
      RunRequestCheck.Checked checked,
      ContainerRunRequest request) {}

  /**
   * The requester's newest runs, oldest first: the journal's, merged with the runs the runner shows
   * live for this owner (those started by another replica of the group). When the runner cannot be
   * asked, the journal's view is answered alone.
   */
  public ContainerStatusResponse status(String correlationId, String owner) {
    requireNonNull(owner, "owner is null");
    List<RunEntry> kept =
        new ArrayList<>(journaled(() -> journal.listRuns(owner, policy.maxStatusItems())));
    java.util.Collections.reverse(kept);
    Map<String, ContainerItem> items = new LinkedHashMap<>();
    for (RunEntry run : kept) {
      items.put(run.key().runId(), ContainerItem.of(run));
    }
    for (PodmanScript.LiveContainer live : liveContainersOf(correlationId, owner)) {
      if (!items.containsKey(live.runId()) && items.size() < policy.maxStatusItems()) {
        items.put(
            live.runId(),
            ContainerItem.liveOnRunner(
                live.runId(), owner, live.image(), runner.runnerName(), live.started()));
      }
    }
    return new ContainerStatusResponse(new ArrayList<>(items.values()));
  }

  /**
   * Deletes one of the requester's runs; a live run's container is removed on the runner, whichever
   * replica started it. Unknown and foreign runs get the same {@code not_found} answer, so nobody
   * learns another identity's run ids.
   */
  public ContainerDeleteResponse delete(String correlationId, String owner, String runId) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(runId, "runId is null");
    InputLimits.requireAtMost("run_id", runId, policy.inputs().runIdBytes());
    String containerName = PodmanScript.containerName(owner, runId);
    Optional<RunEntry> kept;
    synchronized (entryLock) {
      kept = journaled(() -> journal.findRun(owner, runId));
      // Marked first, so a run whose runner is still being readied never starts its container.
      kept.ifPresent(r -> journaled(() -> update(r.deleted(time.now()))));
    }
    boolean knownRunning = kept.map(RunEntry::isRunning).orElse(false);
    if (kept.isPresent() && !knownRunning) {
      return new ContainerDeleteResponse(true, runId, owner);
    }
    Optional<ReadyRunner> target =
        Optional.ofNullable(activeTargets.get(containerName)).or(runner::knownReady);
    boolean removed = false;
    if (target.isPresent()) {
      try {
        removed = shell.remove(correlationId + ".ssh.rm", target.get(), containerName, owner);
      } catch (WorkerException e) {
        if (kept.isEmpty()) {
          throw e;
        }
        LOG.warn("removing the container of a deleted run failed: {}", e.getMessage());
      }
    }
    if (kept.isEmpty() && !removed) {
      throw new WorkerException(ErrorType.NOT_FOUND, "run not found: " + InputLimits.prefix(runId));
    }
    return new ContainerDeleteResponse(true, runId, owner);
  }

  /**
   * Reconciles what a previous process of this worker left: see {@link RestartReconciler}. Called
   * once at start, before interrupted run requests are answered.
   */
  public void afterRestart() {
    reconciler.reconcile();
  }

  /** The answer for an interrupted run request, after {@link #afterRestart()}. */
  public EventPayload interruptedAnswer(RunJournal.RequestKey key) {
    return reconciler.answerFor(key.correlationId());
  }

  private List<PodmanScript.LiveContainer> liveContainersOf(String correlationId, String owner) {
    try {
      Optional<ReadyRunner> target = runner.knownReady();
      if (target.isEmpty()) {
        return List.of();
      }
      Map<String, String> labels =
          Map.of(RunLabels.OWNER, RunLabels.ownerDigest(owner), RunLabels.GROUP, policy.group());
      return shell.list(correlationId + ".ssh.ps", target.get(), labels, owner);
    } catch (RuntimeException e) {
      LOG.warn("status without the runner's live containers: {}", e.getMessage());
      return List.of();
    }
  }

  private void finish(
      String owner, String runId, java.util.function.UnaryOperator<RunEntry> change) {
    try {
      synchronized (entryLock) {
        journal.findRun(owner, runId).ifPresent(r -> update(change.apply(r)));
      }
    } catch (JournalException e) {
      LOG.error("run journal could not record the end of a run: {}", e.getMessage());
    }
  }

  private boolean update(RunEntry entry) {
    journal.updateRun(entry);
    return true;
  }

  private boolean isDeleted(String owner, String runId) {
    return journaled(() -> journal.findRun(owner, runId))
        .map(r -> r.state() == RunState.DELETED)
        .orElse(false);
  }

  /** Runs a journal call; its failure is a {@code provider_error} answer naming the journal. */
  private static <T> T journaled(Supplier<T> call) {
    try {
      return call.get();
    } catch (JournalException e) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR, "run journal unavailable: " + e.getMessage(), e);
    }
  }

  private static String newRunId() {
    return "run_" + UUID.randomUUID().toString().replace("-", "");
  }
}
