package com.busdk.upcloud.app.health;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link RemoteScripts} that counts every script and how it ended: {@code ok} (exit 0), {@code
 * exit_nonzero}, {@code not_run} (the ssh-runner could not run it), {@code timeout} (no answer in
 * time) or {@code transport} (the exchange broke).
 */
public final class MeteredRemoteScripts implements RemoteScripts {
  private final RemoteScripts delegate;
  private final Telemetry telemetry;

  public MeteredRemoteScripts(RemoteScripts delegate, Telemetry telemetry) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
  }

  @Override
  public CompletableFuture<ScriptResult> submit(String correlationId, ScriptRequest request) {
    long started = System.nanoTime();
    CompletableFuture<ScriptResult> call;
    try {
      call = delegate.submit(correlationId, request);
    } catch (RemoteScriptException e) {
      count(e, started);
      throw e;
    }
    return call.whenComplete(
        (result, failure) -> {
          if (failure == null) {
            String outcome =
                result.failedToRun() ? "not_run" : result.exitCode() == 0 ? "ok" : "exit_nonzero";
            telemetry.scriptRun(outcome, Duration.ofNanos(System.nanoTime() - started));
          } else {
            count(RemoteScripts.unwrap(failure), started);
          }
        });
  }

  private void count(RemoteScriptException e, long started) {
    String outcome = e.kind() == RemoteScriptException.Kind.TIMEOUT ? "timeout" : "transport";
    telemetry.scriptRun(outcome, Duration.ofNanos(System.nanoTime() - started));
  }

  @Override
  public String toString() {
    return "MeteredRemoteScripts[" + delegate + "]";
  }
}
