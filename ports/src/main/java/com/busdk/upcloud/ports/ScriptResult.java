package com.busdk.upcloud.ports;

/**
 * Payload of {@code bus.ssh.script.run.response}. {@code error} is set when the ssh-runner could
 * not run the script at all (no host reachable, authentication refused).
 */
public record ScriptResult(int exitCode, String stdout, String stderr, ErrorReply.ErrorBody error)
    implements EventPayload {
  public ScriptResult {
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }

  public boolean failedToRun() {
    return error != null;
  }
}
