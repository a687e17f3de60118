package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.InputLimits;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.WorkerException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a run request before anything is recorded or sent: every field within its size limit, an
 * image and workdir Podman cannot misread, NUL-free command and env.
 */
final class RunRequestCheck {
  private static final Pattern SAFE_WORKDIR = Pattern.compile("^/[A-Za-z0-9._/-]*$");

  private final ContainerSettings settings;
  private final InputLimits limits;

  RunRequestCheck(ContainerSettings settings, InputLimits limits) {
    this.settings = requireNonNull(settings, "settings is null");
    this.limits = requireNonNull(limits, "limits is null");
  }

  /** The request's values after defaults and checks. */
  record Checked(String image, String workdir, List<String> command, long timeoutSeconds) {}

  Checked check(ContainerRunRequest request) {
    InputLimits.requireAtMost("profile", request.profile(), limits.profileBytes());
    InputLimits.requireAtMost("image", request.image(), limits.imageBytes());
    InputLimits.requireAtMost("run_id", request.runId(), limits.runIdBytes());
    InputLimits.requireAtMost("workdir", request.exec().workdir(), limits.workdirBytes());
    List<String> command = request.exec().effectiveCommand();
    InputLimits.requireList(
        request.exec().command() != null ? "command" : "args",
        command,
        limits.commandEntries(),
        limits.commandBytes());
    InputLimits.requireMap("env", request.exec().env(), limits.envEntries(), limits.envBytes());
    if (request.timeoutSeconds() != null && request.timeoutSeconds() > limits.maxTimeoutSeconds()) {
      throw new WorkerException(
          ErrorType.BAD_REQUEST, "timeout_seconds: at most " + limits.maxTimeoutSeconds());
    }
    String image = resolveImage(request);
    String workdir =
        request.exec().workdir() != null ? request.exec().workdir() : settings.workdir();
    validate(image, workdir, command, request.exec().env());
    if (request.runId() != null && request.runId().codePoints().anyMatch(Character::isISOControl)) {
      throw new WorkerException(ErrorType.BAD_REQUEST, "run_id: no control characters allowed");
    }
    return new Checked(image, workdir, command, effectiveTimeoutSeconds(request.timeoutSeconds()));
  }

  /** An absolute path that cannot smuggle tmpfs options or traverse upwards. */
  static boolean isSafeWorkdir(String workdir) {
    return workdir != null
        && SAFE_WORKDIR.matcher(workdir).matches()
        && !List.of(workdir.split("/")).contains("..");
  }

  private String resolveImage(ContainerRunRequest request) {
    if (request.image() != null) {
      return request.image();
    }
    if (ContainerRuns.CODEX_PROFILE.equals(request.profile())) {
      return settings.codexImage();
    }
    throw new WorkerException(
        ErrorType.BAD_REQUEST, "unknown profile: " + InputLimits.prefix(request.profile()));
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
      throw new WorkerException(
          ErrorType.BAD_REQUEST, "invalid image: " + InputLimits.prefix(image));
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
}
