package com.busdk.upcloud.ports;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a shell script on a remote host through {@code bus-integration-ssh-runner}. The worker never
 * opens SSH sessions for commands itself.
 *
 * <p>A call is a pending future, not a waiting thread: {@link #submit} sends the script and returns
 * at once; the future completes when the result arrives, or fails when none arrives within {@code
 * request.timeoutSeconds()} plus a margin for transport.
 */
public interface RemoteScripts {

  /**
   * Sends the script; the future completes with its result.
   *
   * @param correlationId a fresh id for this exchange, so bootstrap and run calls are told apart
   * @return the result, or a future failed with {@link RemoteScriptException} when no result
   *     arrives in time or the transport fails
   */
  CompletableFuture<ScriptResult> submit(String correlationId, ScriptRequest request);

  /**
   * Sends the script and waits for its result on the calling thread: for the few short calls
   * (bootstrap) that run inside an already blocking step.
   *
   * @throws RemoteScriptException when no result arrives in time or the transport fails
   */
  default ScriptResult run(String correlationId, ScriptRequest request) {
    try {
      return submit(correlationId, request).join();
    } catch (CompletionException | CancellationException e) {
      throw unwrap(e);
    }
  }

  /** The {@link RemoteScriptException} behind a failed future's exception, or one wrapping it. */
  static RemoteScriptException unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof CancellationException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RemoteScriptException remote) {
      return remote;
    }
    return new RemoteScriptException(
        RemoteScriptException.Kind.TRANSPORT, "ssh script call failed", cause);
  }
}
