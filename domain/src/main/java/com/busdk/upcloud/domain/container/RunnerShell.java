package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Short Podman housekeeping scripts on the runner through the ssh-runner: list and remove. */
final class RunnerShell {
  /** How long a removal may take on the runner. */
  static final long SHORT_SCRIPT_SECONDS = 60;

  /**
   * How long a listing may take: a status waits for it, so an unreachable runner must cost a status
   * seconds, not a minute.
   */
  static final long LIST_SCRIPT_SECONDS = 10;

  private final RemoteScripts scripts;

  RunnerShell(RemoteScripts scripts) {
    this.scripts = requireNonNull(scripts, "scripts is null");
  }

  /** Sends one script and waits; a transport failure or a timeout is a {@link WorkerException}. */
  ScriptResult send(String correlationId, ScriptRequest script) {
    return Failures.join(submit(correlationId, script));
  }

  /**
   * Sends one script; the future fails with a {@link WorkerException} on a transport failure or a
   * timeout. No thread waits for the answer.
   */
  CompletableFuture<ScriptResult> submit(String correlationId, ScriptRequest script) {
    CompletableFuture<ScriptResult> call;
    try {
      call = scripts.submit(correlationId, script);
    } catch (RemoteScriptException e) {
      return CompletableFuture.failedFuture(failure(e, script));
    }
    return call.handle(
        (result, failed) -> {
          if (failed == null) {
            return result;
          }
          throw failure(RemoteScripts.unwrap(failed), script);
        });
  }

  private static WorkerException failure(RemoteScriptException e, ScriptRequest script) {
    if (e.kind() == RemoteScriptException.Kind.TIMEOUT) {
      return Failures.timeout(
          "ssh-runner did not answer within "
              + Durations.format(Duration.ofSeconds(script.timeoutSeconds())));
    }
    return new WorkerException(
        ErrorType.PROVIDER_ERROR, "ssh-runner request failed: " + e.getMessage(), e);
  }

  /** The live run containers on {@code target} whose labels match {@code labels}. */
  List<PodmanScript.LiveContainer> list(
      String correlationId, ReadyRunner target, Map<String, String> labels, String owner) {
    ScriptResult result =
        shortScript(
            correlationId, target, PodmanScript.listScript(labels), owner, LIST_SCRIPT_SECONDS);
    if (result.failedToRun() || result.exitCode() != 0) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "listing containers on the runner failed: "
              + (result.failedToRun() ? result.error().message() : "exit " + result.exitCode()));
    }
    List<PodmanScript.LiveContainer> live = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      PodmanScript.parseListLine(line.strip()).ifPresent(live::add);
    }
    return live;
  }

  /** Removes one container; true when it was there. */
  boolean remove(String correlationId, ReadyRunner target, String containerName, String owner) {
    ScriptResult result =
        shortScript(
            correlationId,
            target,
            PodmanScript.removeScript(containerName),
            owner,
            SHORT_SCRIPT_SECONDS);
    if (result.failedToRun() || result.exitCode() != 0) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "removing container "
              + containerName
              + " failed: "
              + (result.failedToRun() ? result.error().message() : "exit " + result.exitCode()));
    }
    return result.stdout().strip().equals(PodmanScript.REMOVED);
  }

  private ScriptResult shortScript(
      String correlationId, ReadyRunner target, String script, String owner, long seconds) {
    return send(
        correlationId,
        new ScriptRequest(script, target.targets(), target.users(), seconds, null, owner));
  }
}
