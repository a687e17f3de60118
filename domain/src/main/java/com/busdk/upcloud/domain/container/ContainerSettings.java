package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How disposable containers run on the runner. Built with {@link #builder}: every value has a name
 * at the call site instead of a position.
 */
public final class ContainerSettings {
  private final String providerName;
  private final String codexImage;
  private final String runNetwork;
  private final String tmpfsSize;
  private final boolean readOnly;
  private final String runUser;
  private final String workdir;
  private final Duration runTimeout;
  private final List<String> sshUsers;
  private final SshTarget sshTarget;

  private ContainerSettings(Builder b) {
    providerName = requireNonNull(b.providerName, "providerName is null");
    codexImage = requireNonNull(b.codexImage, "codexImage is null");
    runNetwork = requireNonNull(b.runNetwork, "runNetwork is null");
    tmpfsSize = requireNonNull(b.tmpfsSize, "tmpfsSize is null");
    workdir = requireNonNull(b.workdir, "workdir is null");
    Durations.requirePositive(b.runTimeout, "runTimeout");
    runTimeout = b.runTimeout;
    readOnly = b.readOnly;
    if (providerName.isBlank() || codexImage.isBlank() || runNetwork.isBlank()) {
      throw new IllegalArgumentException("providerName, codexImage and runNetwork must be set");
    }
    if (tmpfsSize.isBlank() || tmpfsSize.contains(",")) {
      throw new IllegalArgumentException("invalid tmpfs size: " + tmpfsSize);
    }
    if (!RunRequestCheck.isSafeWorkdir(workdir)) {
      throw new IllegalArgumentException("invalid container workdir: " + workdir);
    }
    runUser = b.runUser == null || b.runUser.isBlank() ? null : b.runUser;
    sshUsers =
        requireNonNull(b.sshUsers, "sshUsers is null").stream().filter(u -> !u.isBlank()).toList();
    sshTarget = b.sshTarget;
    if (sshTarget != null && sshTarget.port() != SshTarget.DEFAULT_PORT) {
      throw new IllegalArgumentException(
          "ssh target port " + sshTarget.port() + " is not supported: runners are reached on 22");
    }
    if (sshUsers.isEmpty() && sshTargetUser().isEmpty()) {
      throw new IllegalArgumentException("sshUsers is empty and the ssh target names no user");
    }
  }

  /** Settings with the given provider name and codex image; the rest has the option defaults. */
  public static Builder builder(String providerName, String codexImage) {
    return new Builder(providerName, codexImage);
  }

  /** A builder holding these settings, to change a few of them. */
  public Builder toBuilder() {
    return new Builder(providerName, codexImage)
        .runNetwork(runNetwork)
        .tmpfsSize(tmpfsSize)
        .readOnly(readOnly)
        .runUser(runUser)
        .workdir(workdir)
        .runTimeout(runTimeout)
        .sshUsers(sshUsers)
        .sshTarget(sshTarget);
  }

  /** The {@code provider} published in runner status ({@code upcloud}). */
  public String providerName() {
    return providerName;
  }

  /** The image of {@code profile=codex} when the request names no image. */
  public String codexImage() {
    return codexImage;
  }

  /** Podman {@code --network}. */
  public String runNetwork() {
    return runNetwork;
  }

  /** Size of the writable tmpfs mounted at the workdir. */
  public String tmpfsSize() {
    return tmpfsSize;
  }

  /** Whether the container root filesystem is read-only. */
  public boolean readOnly() {
    return readOnly;
  }

  /** Podman {@code --user}, or null for the image default. */
  public String runUser() {
    return runUser;
  }

  /** Default container working directory (also the tmpfs mount point). */
  public String workdir() {
    return workdir;
  }

  /** Upper bound of one run; a request may only shorten it. */
  public Duration runTimeout() {
    return runTimeout;
  }

  /** User name candidates the ssh-runner tries. */
  public List<String> sshUsers() {
    return sshUsers;
  }

  /** The SSH target that replaces address discovery, when one is set. */
  public Optional<SshTarget> sshTarget() {
    return Optional.ofNullable(sshTarget);
  }

  /** The host of the explicit SSH target. */
  public Optional<String> sshTargetHost() {
    return sshTarget().map(SshTarget::host);
  }

  /** The user of the explicit SSH target, when it names one. */
  public Optional<String> sshTargetUser() {
    return sshTarget().flatMap(SshTarget::optionalUser);
  }

  /** The users the ssh-runner should try: the explicit target user, else the candidates. */
  public List<String> effectiveSshUsers() {
    return sshTargetUser().map(List::of).orElse(sshUsers);
  }

  /** Collects the settings by name; {@link #build} checks them together. */
  public static final class Builder {
    private final String providerName;
    private final String codexImage;
    private String runNetwork = "slirp4netns";
    private String tmpfsSize = "1g";
    private boolean readOnly = true;
    private String runUser;
    private String workdir = "/workspace";
    private Duration runTimeout = Duration.ofMinutes(30);
    private List<String> sshUsers = List.of("root", "ubuntu");
    private SshTarget sshTarget;

    private Builder(String providerName, String codexImage) {
      this.providerName = providerName;
      this.codexImage = codexImage;
    }

    public Builder runNetwork(String value) {
      runNetwork = value;
      return this;
    }

    public Builder tmpfsSize(String value) {
      tmpfsSize = value;
      return this;
    }

    public Builder readOnly(boolean value) {
      readOnly = value;
      return this;
    }

    public Builder runUser(String value) {
      runUser = value;
      return this;
    }

    public Builder workdir(String value) {
      workdir = value;
      return this;
    }

    public Builder runTimeout(Duration value) {
      runTimeout = value;
      return this;
    }

    public Builder sshUsers(List<String> value) {
      sshUsers = List.copyOf(requireNonNull(value, "sshUsers is null"));
      return this;
    }

    /** The explicit SSH target, or null for address discovery. */
    public Builder sshTarget(SshTarget value) {
      sshTarget = value;
      return this;
    }

    public ContainerSettings build() {
      return new ContainerSettings(this);
    }
  }
}
