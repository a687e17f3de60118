package com.busdk.upcloud.domain.container;

import java.util.ArrayList;
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
  private static final int NAME_MAX = 40;

  private PodmanScript() {}

  /** Printed by {@link #removeScript} when the container was there and is now gone. */
  public static final String REMOVED = "removed";

  /** Printed by {@link #removeScript} when there was no such container. */
  public static final String ABSENT = "absent";

  /** The {@code podman ps} columns of {@link #listScript}, tab-separated. */
  private static final String LIST_FORMAT =
      "{{index .Labels \""
          + RunLabels.RUN
          + "\"}}\t{{index .Labels \""
          + RunLabels.OWNER
          + "\"}}\t{{index .Labels \""
          + RunLabels.STARTED
          + "\"}}\t{{.Image}}\t{{.Names}}";

  /**
   * A Podman container name for the run of one owner: {@code bus-}, the run id restricted to {@code
   * [a-zA-Z0-9_.-]} and cut to 40 characters, and a digest of owner and run id. Every replica
   * computes the same name, and two owners using one run id never share a container.
   */
  public static String containerName(String owner, String runId) {
    String safe = NAME_UNSAFE.matcher(runId).replaceAll("_");
    if (safe.length() > NAME_MAX) {
      safe = safe.substring(0, NAME_MAX);
    }
    return "bus-" + safe + "-" + RunLabels.sha256Hex(owner + '\0' + runId, 6);
  }

  /**
   * The run script. {@code timeout} ends the run with exit code 124 (137 when it had to KILL); then
   * the container is removed explicitly, because a killed {@code podman run} client may not get to
   * honour {@code --rm}. Each of stdout and stderr is cut on the runner after one byte more than
   * the output limit (the rest is read and dropped, so the container never blocks on a full pipe);
   * the worker sees the extra byte and reports the stream truncated. The script exits with the
   * run's exit code.
   */
  public static String runScript(PodmanRun run) {
    List<String> argv = new ArrayList<>();
    argv.add("timeout");
    argv.add("-k");
    argv.add(Integer.toString(KILL_AFTER_SECONDS));
    argv.add(Long.toString(run.bounds().timeoutSeconds()));
    argv.add("podman");
    argv.add("run");
    argv.add("--rm");
    argv.add("--name");
    argv.add(run.containerName());
    for (Map.Entry<String, String> label : run.sortedLabels().entrySet()) {
      argv.add("--label");
      argv.add(label.getKey() + "=" + label.getValue());
    }
    PodmanRun.Sandbox sandbox = run.sandbox();
    if (sandbox.readOnly()) {
      argv.add("--read-only");
    }
    argv.add("--tmpfs");
    argv.add(run.workdir() + ":rw,size=" + sandbox.tmpfsSize());
    argv.add("--workdir");
    argv.add(run.workdir());
    argv.add("--network");
    argv.add(sandbox.network());
    if (sandbox.user() != null) {
      argv.add("--user");
      argv.add(sandbox.user());
    }
    for (Map.Entry<String, String> e : run.sortedEnv().entrySet()) {
      argv.add("-e");
      argv.add(e.getKey() + "=" + e.getValue());
    }
    argv.add(run.image());
    argv.addAll(run.command());

    String name = ShellQuote.quote(run.containerName());
    long keep = run.bounds().outputLimitBytes() + 1;
    return "cap() { head -c "
        + keep
        + "; cat >/dev/null; }\n"
        + "st=$(mktemp) || exit 125\n"
        + "{ { "
        + String.join(" ", argv.stream().map(ShellQuote::quote).toList())
        + " 3>&-; echo \"$?\" >\"$st\"; } 2>&1 1>&3 3>&- | cap >&2; } 3>&1 | cap\n"
        + "status=$(cat \"$st\" 2>/dev/null)\n"
        + "rm -f \"$st\"\n"
        + "[ -n \"$status\" ] || status=125\n"
        + "if [ \"$status\" -eq 124 ] || [ \"$status\" -eq 137 ]; then\n"
        + "  podman rm -f "
        + name
        + " >/dev/null 2>&1 || true\n"
        + "fi\n"
        + "exit \"$status\"\n";
  }

  /**
   * Removes the run's container, running or not, which ends the run's {@code podman run}. Prints
   * {@value #REMOVED} when the container was there, {@value #ABSENT} when it was not.
   */
  public static String removeScript(String containerName) {
    String name = ShellQuote.quote(containerName);
    return "if podman container exists "
        + name
        + "; then podman rm -f "
        + name
        + " >/dev/null 2>&1; echo "
        + REMOVED
        + "; else echo "
        + ABSENT
        + "; fi\n";
  }

  /**
   * Lists the live run containers whose labels match every one of {@code labels}: one line per
   * container, tab-separated run id, owner digest, start time, image and container name.
   */
  public static String listScript(Map<String, String> labels) {
    StringBuilder script = new StringBuilder("podman ps");
    for (Map.Entry<String, String> label : new java.util.TreeMap<>(labels).entrySet()) {
      script
          .append(" --filter ")
          .append(ShellQuote.quote("label=" + label.getKey() + "=" + label.getValue()));
    }
    return script
        .append(" --format ")
        .append(ShellQuote.quote(LIST_FORMAT))
        .append('\n')
        .toString();
  }

  /** One line of {@link #listScript}'s output, or empty when the line is not one. */
  static java.util.Optional<LiveContainer> parseListLine(String line) {
    String[] cols = line.split("\t", -1);
    if (cols.length != 5 || cols[0].isEmpty() || cols[4].isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new LiveContainer(cols[0], cols[1], cols[2], cols[3], cols[4]));
  }

  /** A run container seen on the runner. */
  record LiveContainer(
      String runId, String ownerDigest, String started, String image, String containerName) {}
}
