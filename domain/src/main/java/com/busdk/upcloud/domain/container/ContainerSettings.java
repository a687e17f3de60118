package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How disposable containers run on the runner.
 *
 * @param providerName the {@code provider} published in runner status ({@code upcloud})
 * @param codexImage the image of {@code profile=codex} when the request names no image
 * @param runNetwork Podman {@code --network}
 * @param tmpfsSize size of the writable tmpfs mounted at the workdir
 * @param readOnly whether the container root filesystem is read-only
 * @param runUser Podman {@code --user}, or null for the image default
 * @param workdir default container working directory (also the tmpfs mount point)
 * @param runTimeout upper bound of one run; a request may only shorten it
 * @param sshUsers user name candidates the ssh-runner tries
 * @param sshTarget {@code user@host} or {@code host} that replaces address discovery, or null
 */
public record ContainerSettings(
    String providerName,
    String codexImage,
    String runNetwork,
    String tmpfsSize,
    boolean readOnly,
    String runUser,
    String workdir,
    Duration runTimeout,
    List<String> sshUsers,
    String sshTarget) {

  public ContainerSettings {
    requireNonNull(providerName, "providerName is null");
    requireNonNull(codexImage, "codexImage is null");
    requireNonNull(runNetwork, "runNetwork is null");
    requireNonNull(tmpfsSize, "tmpfsSize is null");
    requireNonNull(workdir, "workdir is null");
    requireNonNull(sshUsers, "sshUsers is null");
    Durations.requirePositive(runTimeout, "runTimeout");
    if (providerName.isBlank() || codexImage.isBlank() || runNetwork.isBlank()) {
      throw new IllegalArgumentException("providerName, codexImage and runNetwork must be set");
    }
    if (tmpfsSize.isBlank() || tmpfsSize.contains(",")) {
      throw new IllegalArgumentException("invalid tmpfs size: " + tmpfsSize);
    }
    if (!RunRequestCheck.isSafeWorkdir(workdir)) {
      throw new IllegalArgumentException("invalid container workdir: " + workdir);
    }
    runUser = runUser == null || runUser.isBlank() ? null : runUser;
    sshUsers = sshUsers.stream().filter(u -> !u.isBlank()).toList();
    sshTarget = sshTarget == null || sshTarget.isBlank() ? null : sshTarget.trim();
    if (sshTarget != null && (sshTarget.endsWith("@") || sshTarget.startsWith("@"))) {
      throw new IllegalArgumentException("invalid ssh target: " + sshTarget);
    }
    if (sshUsers.isEmpty() && (sshTarget == null || !sshTarget.contains("@"))) {
      throw new IllegalArgumentException("sshUsers is empty and the ssh target names no user");
    }
  }

  /** The host of the explicit SSH target. */
  public Optional<String> sshTargetHost() {
    if (sshTarget == null) {
      return Optional.empty();
    }
    int at = sshTarget.lastIndexOf('@');
    return Optional.of(at < 0 ? sshTarget : sshTarget.substring(at + 1));
  }

  /** The user of the explicit SSH target, when it names one. */
  public Optional<String> sshTargetUser() {
    if (sshTarget == null) {
      return Optional.empty();
    }
    int at = sshTarget.lastIndexOf('@');
    return at < 0 ? Optional.empty() : Optional.of(sshTarget.substring(0, at));
  }

  /** The users the ssh-runner should try: the explicit target user, else the candidates. */
  public List<String> effectiveSshUsers() {
    return sshTargetUser().map(List::of).orElse(sshUsers);
  }
}
