package com.busdk.upcloud.ports;

/**
 * Runs a shell script on a remote host through {@code bus-integration-ssh-runner}. The worker never
 * opens SSH sessions for commands itself.
 */
public interface RemoteScripts {

  /**
   * Sends the script and waits for its result up to {@code request.timeoutSeconds()} plus a margin
   * for transport.
   *
   * @param correlationId a fresh id for this exchange, so bootstrap and run calls are told apart
   * @throws RemoteScriptException when no result arrives in time or the transport fails
   */
  ScriptResult run(String correlationId, ScriptRequest request);
}
