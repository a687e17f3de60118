package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.container.Provisioning;
import com.busdk.upcloud.domain.container.SshTarget;
import com.busdk.upcloud.ports.ServerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The container runner server and the disposable Podman runs on it.
 *
 * @param runnerName runner server name or UUID; null when unset (no container listeners)
 * @param provisioning whether the worker may create the runner
 * @param newRunner how a runner the worker creates looks
 * @param ssh how the runner is reached over SSH
 * @param runs how disposable containers run
 * @param startTimeout bound of runner create and start; it bounds bootstrap too
 */
public record ContainerConfig(
    String runnerName,
    Provisioning provisioning,
    NewRunner newRunner,
    Ssh ssh,
    Runs runs,
    Duration startTimeout) {

  public ContainerConfig {
    Checks.nullOrNonBlank(runnerName, "runnerName");
    requireNonNull(provisioning, "provisioning is null");
    requireNonNull(newRunner, "newRunner is null");
    requireNonNull(ssh, "ssh is null");
    requireNonNull(runs, "runs is null");
    Checks.positive(startTimeout, "startTimeout");
  }

  /** The same configuration with no runner named, as {@code --self-test} runs it. */
  public ContainerConfig withoutRunnerName() {
    return new ContainerConfig(null, provisioning, newRunner, ssh, runs, startTimeout);
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }

  /**
   * A runner the worker creates.
   *
   * @param zone zone it is created in
   * @param plan server plan
   * @param os OS template name of its disk
   * @param osStorageSizeGb OS disk size in GB; 0 keeps the provider default
   * @param networkMode private or public attachment
   * @param privateNetwork private network name or UUID (default derived from the zone)
   * @param privateIp requested private IPv4 of the NIC; null when unset
   * @param sshKeys public key files installed on it
   */
  public record NewRunner(
      String zone,
      String plan,
      String os,
      int osStorageSizeGb,
      ServerSpec.NetworkMode networkMode,
      String privateNetwork,
      String privateIp,
      List<Path> sshKeys) {
    public NewRunner {
      Checks.nonBlank(zone, "zone");
      Checks.nonBlank(plan, "plan");
      Checks.nonBlank(os, "os");
      if (osStorageSizeGb < 0) {
        throw new IllegalArgumentException("osStorageSizeGb is negative");
      }
      requireNonNull(networkMode, "networkMode is null");
      Checks.nonBlank(privateNetwork, "privateNetwork");
      Checks.nullOrNonBlank(privateIp, "privateIp");
      sshKeys = List.copyOf(requireNonNull(sshKeys, "sshKeys is null"));
    }

    @Override
    public String toString() {
      return ConfigText.describe(this);
    }
  }

  /**
   * How the runner is reached over SSH.
   *
   * @param target explicit target that skips address discovery; null when unset
   * @param users user names tried during SSH target discovery, in order
   */
  public record Ssh(SshTarget target, List<String> users) {
    public Ssh {
      users = List.copyOf(requireNonNull(users, "users is null"));
      if (users.isEmpty()) {
        throw new IllegalArgumentException("sshUsers is empty");
      }
    }

    @Override
    public String toString() {
      return ConfigText.describe(this);
    }
  }

  /**
   * The disposable Podman runs.
   *
   * @param codexImage image for {@code profile=codex} runs without an explicit image
   * @param network Podman {@code --network} of runs
   * @param tmpfsSize size of the writable workdir tmpfs
   * @param readOnly read-only root filesystem for runs
   * @param user Podman {@code --user}; null when unset
   * @param workdir container working directory
   * @param timeout bound of one run
   */
  public record Runs(
      String codexImage,
      String network,
      String tmpfsSize,
      boolean readOnly,
      String user,
      String workdir,
      Duration timeout) {
    public Runs {
      Checks.nonBlank(codexImage, "codexImage");
      Checks.nonBlank(network, "runNetwork");
      Checks.nonBlank(tmpfsSize, "runTmpfsSize");
      Checks.nullOrNonBlank(user, "runUser");
      Checks.nonBlank(workdir, "runWorkdir");
      Checks.positive(timeout, "runTimeout");
    }

    @Override
    public String toString() {
      return ConfigText.describe(this);
    }
  }
}
