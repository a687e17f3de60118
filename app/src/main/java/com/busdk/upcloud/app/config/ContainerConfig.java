package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.container.Provisioning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The container runner server and the disposable Podman runs on it.
 *
 * @param runnerName runner server name or UUID; null when unset (no container listeners)
 * @param codexImage image for {@code profile=codex} runs without an explicit image
 * @param zone zone a new runner is created in
 * @param plan server plan of a new runner
 * @param os OS template name of a new runner's disk
 * @param osStorageSizeGb OS disk size in GB; 0 keeps the provider default
 * @param networkMode private or public attachment of a new runner
 * @param privateNetwork private network name or UUID (default derived from the zone)
 * @param privateIp requested private IPv4 of the runner NIC; null when unset
 * @param sshKeys public key files installed on a new runner
 * @param sshTarget {@code user@host} that skips address discovery; null when unset
 * @param sshUsers user names tried during SSH target discovery, in order
 * @param runNetwork Podman {@code --network} of runs
 * @param runTmpfsSize size of the writable workdir tmpfs
 * @param runReadOnly read-only root filesystem for runs
 * @param runUser Podman {@code --user}; null when unset
 * @param runWorkdir container working directory
 * @param runTimeout bound of one run
 * @param startTimeout bound of runner create/start/bootstrap
 * @param provisioning whether the worker may create the runner
 */
public record ContainerConfig(
    String runnerName,
    String codexImage,
    String zone,
    String plan,
    String os,
    int osStorageSizeGb,
    ContainerNetworkMode networkMode,
    String privateNetwork,
    String privateIp,
    List<Path> sshKeys,
    String sshTarget,
    List<String> sshUsers,
    String runNetwork,
    String runTmpfsSize,
    boolean runReadOnly,
    String runUser,
    String runWorkdir,
    Duration runTimeout,
    Duration startTimeout,
    Provisioning provisioning) {

  public ContainerConfig {
    Checks.nullOrNonBlank(runnerName, "runnerName");
    Checks.nonBlank(codexImage, "codexImage");
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
    Checks.nullOrNonBlank(sshTarget, "sshTarget");
    sshUsers = List.copyOf(requireNonNull(sshUsers, "sshUsers is null"));
    if (sshUsers.isEmpty()) {
      throw new IllegalArgumentException("sshUsers is empty");
    }
    Checks.nonBlank(runNetwork, "runNetwork");
    Checks.nonBlank(runTmpfsSize, "runTmpfsSize");
    Checks.nullOrNonBlank(runUser, "runUser");
    Checks.nonBlank(runWorkdir, "runWorkdir");
    Checks.positive(runTimeout, "runTimeout");
    Checks.positive(startTimeout, "startTimeout");
    requireNonNull(provisioning, "provisioning is null");
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }
}
