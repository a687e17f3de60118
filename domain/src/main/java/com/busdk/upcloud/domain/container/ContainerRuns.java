package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.ports.ContainerDeleteResponse;
import com.busdk.upcloud.ports.ContainerItem;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.ContainerStatusResponse;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container use cases: run a disposable container on the runner, list the requester's runs,
 * delete (or cancel) one of them. Every run is owned by the identity that asked for it; another
 * identity can neither see nor delete it, and cannot even learn that it exists.
 */
public final class ContainerRuns {
  public static final String CODEX_PROFILE = "codex";

  /** GNU {@code timeout}'s exit code when the run hit its time limit. */
  static final int TIMEOUT_EXIT_CODE = 124;

  /** Extra time the ssh-runner allows beyond the in-script timeout, so that one fires first. */
  static final long SSH_MARGIN_SECONDS = PodmanScript.KILL_AFTER_SECONDS + 20L;

  static final long KILL_TIMEOUT_SECONDS = 60;

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuns.class);
  private static final Pattern SAFE_WORKDIR = Pattern.compile("^/[A-Za-z0-9._/-]*$");
  private static final int MAX_RUN_ID = 200;
  private static final int MAX_ECHO = 80;

  private final RunnerLifecycle runner;
  private final RemoteScripts scripts;
  private final RunRegistry registry;
  private final ContainerSettings settings;
  private final TimeSource time;

  /** Where each in-flight run's container lives, for deletes that must kill it. */
  private final Map<String, ReadyRunner> activeTargets = new ConcurrentHashMap<>();

  public ContainerRuns(
      RunnerLifecycle runner,
      RemoteScripts scripts,
      RunRegistry registry,
      ContainerSettings settings,
      TimeSource time) {
    this.runner = requireNonNull(runner, "runner is null");
    this.scripts = requireNonNull(scripts, "scripts is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.time = requireNonNull(time, "time is null");
  }

  /**
   * Runs one container in the foreground and answers its result. A non-zero exit code is a
   * successful answer. A run that hits its timeout is answered the same way, with exit code 124 and
   * the run recorded as {@code timeout}: the process did run and its partial output is worth more
   * to the caller than an error. Infrastructure failures (runner, SSH, ssh-runner) are {@link
   * WorkerException}s that name the failed step.
   */
  public ContainerRunResponse run(String correlationId, String owner, ContainerRunRequest request) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(request, "request is null");
    String image = resolveImage(request);
    String workdir = request.workdir() != null ? request.workdir() : settings.workdir();
    List<String> command = request.effectiveCommand();
    validate(image, workdir, command, request.env());
    long timeoutSeconds = effectiveTimeoutSeconds(request.timeoutSeconds());
    String runId = request.runId() != null ? request.runId() : newRunId();
    validateRunId(runId);
    String containerName = PodmanScript.containerName(runId);

    registry.register(runId, owner, image, runner.runnerName(), containerName);
    RunState finalState = RunState.FAILED;
    Integer exitCode = null;
    try {
      ReadyRunner ready = runner.ensureReady(correlationId, owner);
      if (isDeleted(runId, owner)) {
        throw new WorkerException(ErrorType.CONFLICT, "run deleted before it started: " + runId);
      }
      activeTargets.put(runId, ready);
      PodmanRun podman =
          new PodmanRun(
              containerName,
              image,
              command,
              request.env(),
              workdir,
              settings.runNetwork(),
              settings.tmpfsSize(),
              settings.readOnly(),
              settings.runUser(),
              timeoutSeconds);
      ScriptRequest script =
          new ScriptRequest(
              PodmanScript.runScript(podman),
              ready.targets(),
              ready.users(),
              timeoutSeconds + SSH_MARGIN_SECONDS,
              null,
              owner);
      Instant started = time.now();
      ScriptResult result = send(correlationId + ".ssh.run", script);
      long durationMs = Duration.between(started, time.now()).toMillis();
      if (result.failedToRun()) {
        throw new WorkerException(
            ErrorType.PROVIDER_ERROR,
            "ssh-runner could not run the script: " + result.error().message());
      }
      exitCode = result.exitCode();
      finalState = exitCode == TIMEOUT_EXIT_CODE ? RunState.TIMEOUT : RunState.COMPLETED;
      return new ContainerRunResponse(
          runId,
          owner,
          runner.runnerName(),
          image,
          command,
          exitCode,
          result.stdout(),
          result.stderr(),
          durationMs,
          ready.status());
    } finally {
      activeTargets.remove(runId);
      registry.finish(runId, finalState, exitCode);
    }
  }

  /** The requester's runs, oldest first. */
  public ContainerStatusResponse status(String owner) {
    requireNonNull(owner, "owner is null");
    return new ContainerStatusResponse(
        registry.listOwned(owner).stream().map(ContainerRuns::item).toList());
  }

  /**
   * Deletes one of the requester's runs; an in-flight run's container is killed on the runner (best
   * effort: a failure is logged, the run is marked deleted either way). Unknown and foreign runs
   * get the same {@code not_found} answer, so nobody learns another identity's run ids.
   */
  public ContainerDeleteResponse delete(String correlationId, String owner, String runId) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(runId, "runId is null");
    RunRecord record =
        registry
            .findOwned(runId, owner)
            .orElseThrow(
                () -> new WorkerException(ErrorType.NOT_FOUND, "run not found: " + echo(runId)));
    // Marked first, so a run whose runner is still being readied never starts its container.
    registry.markDeleted(runId);
    ReadyRunner target = activeTargets.get(runId);
    if (record.state() == RunState.RUNNING && target != null) {
      kill(correlationId, owner, record, target);
    }
    return new ContainerDeleteResponse(true, runId, owner);
  }

  private void kill(String correlationId, String owner, RunRecord record, ReadyRunner target) {
    ScriptRequest request =
        new ScriptRequest(
            PodmanScript.killScript(record.containerName()),
            target.targets(),
            target.users(),
            KILL_TIMEOUT_SECONDS,
            null,
            owner);
    try {
      ScriptResult result = scripts.run(correlationId + ".ssh.kill", request);
      if (result.failedToRun() || result.exitCode() != 0) {
        LOG.warn(
            "killing run {} container {}: exit {} {}",
            record.id(),
            record.containerName(),
            result.exitCode(),
            result.failedToRun() ? result.error().message() : result.stderr().strip());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "killing run {} container {} failed: {}",
          record.id(),
          record.containerName(),
          e.getMessage());
    }
  }

  private ScriptResult send(String correlationId, ScriptRequest script) {
    try {
      return scripts.run(correlationId, script);
    } catch (RemoteScriptException e) {
      if (e.kind() == RemoteScriptException.Kind.TIMEOUT) {
        throw Failures.timeout(
            "ssh-runner did not answer within "
                + Durations.format(Duration.ofSeconds(script.timeoutSeconds())));
      }
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR, "ssh-runner request failed: " + e.getMessage(), e);
    }
  }

  private boolean isDeleted(String runId, String owner) {
    return registry.findOwned(runId, owner).map(r -> r.state() == RunState.DELETED).orElse(false);
  }

  private String resolveImage(ContainerRunRequest request) {
    if (request.image() != null) {
      return request.image();
    }
    if (CODEX_PROFILE.equals(request.profile())) {
      return settings.codexImage();
    }
    throw new WorkerException(ErrorType.BAD_REQUEST, "unknown profile: " + echo(request.profile()));
  }

  private long effectiveTimeoutSeconds(Long requested) {
    long max = Durations.ceilSeconds(settings.runTimeout());
    return requested != null && requested > 0 ? Math.min(requested, max) : max;
  }

  private static void validate(
      String image, String workdir, List<String> command, Map<String, String> env) {
    // Quoting keeps the shell out, but podman would still read an image starting with '-' as an
    // option, and a ',' or ':' in the workdir would add tmpfs mount options.
    if (image.startsWith("-")
        || image
            .codePoints()
            .anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new WorkerException(ErrorType.BAD_REQUEST, "invalid image: " + echo(image));
    }
    if (!isSafeWorkdir(workdir)) {
      throw new WorkerException(
          ErrorType.BAD_REQUEST,
          "invalid workdir: use an absolute path of letters, digits, '.', '_', '-' and '/'");
    }
    if (command.stream().anyMatch(arg -> arg == null || arg.indexOf('\0') >= 0)) {
      throw new WorkerException(ErrorType.BAD_REQUEST, "command entries must be NUL-free strings");
    }
    if (env.values().stream().anyMatch(v -> v == null || v.indexOf('\0') >= 0)) {
      throw new WorkerException(ErrorType.BAD_REQUEST, "env values must be NUL-free strings");
    }
  }

  private static void validateRunId(String runId) {
    if (runId.length() > MAX_RUN_ID || runId.codePoints().anyMatch(Character::isISOControl)) {
      throw new WorkerException(
          ErrorType.BAD_REQUEST,
          "invalid run_id: at most " + MAX_RUN_ID + " characters, no control characters");
    }
  }

  /** An absolute path that cannot smuggle tmpfs options or traverse upwards. */
  static boolean isSafeWorkdir(String workdir) {
    return workdir != null
        && SAFE_WORKDIR.matcher(workdir).matches()
        && !List.of(workdir.split("/")).contains("..");
  }

  private static String newRunId() {
    return "run_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** A requester's value in an error message: bounded, one line. */
  private static String echo(String value) {
    String oneLine = value.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= MAX_ECHO ? oneLine : oneLine.substring(0, MAX_ECHO) + "…";
  }

  private static ContainerItem item(RunRecord run) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("image", run.image());
    details.put("runner", run.runnerName());
    details.put("started_at", run.startedAt().toString());
    if (run.finishedAt() != null) {
      details.put("finished_at", run.finishedAt().toString());
    }
    if (run.exitCode() != null) {
      details.put("exit_code", run.exitCode());
    }
    return new ContainerItem(run.id(), run.state().wire(), run.owner(), details);
  }
}
