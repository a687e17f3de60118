package com.busdk.upcloud.domain.container;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders the POSIX sh scripts sent to the ssh-runner for a container run and for killing it. Every
 * value is single-quoted, so nothing a requester sends is ever interpreted by the remote shell.
 */
public final class PodmanScript {

  /** Seconds between {@code timeout}'s TERM and its KILL, for containers that ignore TERM. */
  static final int KILL_AFTER_SECONDS = 10;

  private static final Pattern NAME_UNSAFE = Pattern.compile("[^a-zA-Z0-9_.-]");
  private static final int NAME_MAX = 60;

  private PodmanScript() {}

  /**
   * A Podman container name for the run: {@code bus-} plus the run id restricted to {@code
   * [a-zA-Z0-9_.-]}. When the id had to be changed (or cut), a digest of the full id is appended,
   * so two different run ids never share a container name.
   */
  public static String containerName(String runId) {
    String safe = NAME_UNSAFE.matcher(runId).replaceAll("_");
    if (safe.equals(runId) && safe.length() <= NAME_MAX) {
      return "bus-" + safe;
    }
    if (safe.length() > NAME_MAX) {
      safe = safe.substring(0, NAME_MAX);
    }
    return "bus-" + safe + "-" + digest(runId);
  }

  /**
   * The run script. {@code timeout} ends the run with exit code 124 (137 when it had to KILL); then
   * the container is removed explicitly, because a killed {@code podman run} client may not get to
   * honour {@code --rm}. The script exits with the run's exit code.
   */
  public static String runScript(PodmanRun run) {
    List<String> argv = new ArrayList<>();
    argv.add("timeout");
    argv.add("-k");
    argv.add(Integer.toString(KILL_AFTER_SECONDS));
    argv.add(Long.toString(run.timeoutSeconds()));
    argv.add("podman");
    argv.add("run");
    argv.add("--rm");
    argv.add("--name");
    argv.add(run.containerName());
    if (run.readOnly()) {
      argv.add("--read-only");
    }
    argv.add("--tmpfs");
    argv.add(run.workdir() + ":rw,size=" + run.tmpfsSize());
    argv.add("--workdir");
    argv.add(run.workdir());
    argv.add("--network");
    argv.add(run.network());
    if (run.user() != null) {
      argv.add("--user");
      argv.add(run.user());
    }
    for (Map.Entry<String, String> e : run.sortedEnv().entrySet()) {
      argv.add("-e");
      argv.add(e.getKey() + "=" + e.getValue());
    }
    argv.add(run.image());
    argv.addAll(run.command());

    String name = ShellQuote.quote(run.containerName());
    return String.join(" ", argv.stream().map(ShellQuote::quote).toList())
        + "\n"
        + "status=$?\n"
        + "if [ \"$status\" -eq 124 ] || [ \"$status\" -eq 137 ]; then\n"
        + "  podman rm -f "
        + name
        + " >/dev/null 2>&1 || true\n"
        + "fi\n"
        + "exit \"$status\"\n";
  }

  /** Removes the run's container, running or not, which ends the run's {@code podman run}. */
  public static String killScript(String containerName) {
    return "podman rm -f " + ShellQuote.quote(containerName) + "\n";
  }

  private static String digest(String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
