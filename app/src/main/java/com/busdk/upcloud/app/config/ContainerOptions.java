package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Option.toggle;
import static com.busdk.upcloud.app.config.Option.value;

import com.busdk.upcloud.domain.container.Provisioning;
import com.busdk.upcloud.domain.container.SshTarget;
import com.busdk.upcloud.ports.ServerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The container runner server and the disposable Podman runs on it. */
final class ContainerOptions {
  private ContainerOptions() {}

  private static final HelpSection S = HelpSection.CONTAINER;

  static final Option<String> RUNNER_NAME =
      value(
          S,
          "--container-runner-name",
          "UPCLOUD_CONTAINER_RUNNER_NAME",
          "name-or-uuid",
          null,
          Conversions::optionalText,
          "UpCloud server name or UUID of the container runner. When set, the worker serves"
              + " container status, run and delete.");
  static final Option<Provisioning> PROVISIONING =
      value(
          S,
          "--container-runner-provisioning",
          "UPCLOUD_CONTAINER_RUNNER_PROVISIONING",
          "create|existing-only|adopt-existing",
          "create",
          (raw, flag) ->
              WireNames.parse(
                  Provisioning.values(), Provisioning::wire, raw, "container runner provisioning"),
          "create: create the runner on demand. existing-only: never create or delete it; fail"
              + " when it is missing. adopt-existing: use an existing runner, never delete it.");
  static final Option<String> CODEX_IMAGE =
      value(
          S,
          "--container-codex-image",
          "UPCLOUD_CONTAINER_CODEX_IMAGE",
          "image",
          "docker.io/library/alpine:3.20",
          Conversions::text,
          "Image for profile=codex run requests without an explicit image.");
  static final Option<String> ZONE =
      value(
          S,
          "--container-zone",
          "UPCLOUD_CONTAINER_ZONE",
          "zone",
          "fi-hel2",
          Conversions::text,
          "Zone a new runner is created in.");
  static final Option<String> PLAN =
      value(
          S,
          "--container-plan",
          "UPCLOUD_CONTAINER_PLAN",
          "plan",
          "CLOUDNATIVE-1xCPU-4GB",
          Conversions::text,
          "Server plan of a new runner.");
  static final Option<String> OS =
      value(
          S,
          "--container-os",
          "UPCLOUD_CONTAINER_OS",
          "template",
          "Ubuntu Server 24.04 LTS (Noble Numbat)",
          Conversions::text,
          "OS template of a new runner's disk.");
  static final Option<Integer> OS_STORAGE_SIZE =
      value(
          S,
          "--container-os-storage-size",
          "UPCLOUD_CONTAINER_OS_STORAGE_SIZE",
          "gb",
          "0",
          Conversions.integer(0, Integer.MAX_VALUE, "size"),
          "OS disk size in gigabytes; 0 keeps the provider default.");
  static final Option<ServerSpec.NetworkMode> NETWORK_MODE =
      value(
          S,
          "--container-network-mode",
          "UPCLOUD_CONTAINER_NETWORK_MODE",
          "private|public",
          "private",
          (raw, flag) ->
              WireNames.parse(
                  ServerSpec.NetworkMode.values(),
                  mode -> mode.name().toLowerCase(Locale.ROOT),
                  raw,
                  "container network mode"),
          "Network attachment of a new runner.");
  static final Option<String> PRIVATE_NETWORK =
      value(
              S,
              "--container-private-network",
              "UPCLOUD_CONTAINER_PRIVATE_NETWORK_NAME",
              "name-or-uuid",
              null,
              Conversions::optionalText,
              "Private network name or UUID; needed when private mode creates a runner.")
          .computedDefault("ai-platform-private-<container-zone>");
  static final Option<String> PRIVATE_IP =
      value(
          S,
          "--container-private-ip",
          "UPCLOUD_CONTAINER_PRIVATE_IP",
          "ipv4",
          null,
          Conversions::optionalIpv4,
          "Private IPv4 address requested for the runner NIC.");
  static final Option<List<Path>> SSH_KEYS =
      value(
          S,
          "--container-ssh-keys",
          "UPCLOUD_CONTAINER_SSH_KEYS",
          "paths",
          null,
          Conversions::paths,
          "Space-separated SSH public key file paths; needed when creating a runner.");
  static final Option<SshTarget> SSH_TARGET =
      value(
          S,
          "--container-ssh-target",
          "UPCLOUD_CONTAINER_SSH_TARGET",
          "user@host",
          null,
          Conversions::optionalSshTarget,
          "SSH target to probe instead of discovering the runner's address.");
  static final Option<List<String>> SSH_USERS =
      value(
          S,
          "--container-ssh-users",
          "UPCLOUD_CONTAINER_USERNAME_CANDIDATES",
          "users",
          "root ubuntu",
          Conversions::nonEmptyWords,
          "Space-separated user names tried during SSH target discovery.");
  static final Option<String> RUN_NETWORK =
      value(
          S,
          "--container-run-network",
          "UPCLOUD_CONTAINER_RUN_NETWORK",
          "mode",
          "slirp4netns",
          Conversions::text,
          "Podman network mode of disposable runs.");
  static final Option<String> RUN_TMPFS_SIZE =
      value(
          S,
          "--container-run-tmpfs-size",
          "UPCLOUD_CONTAINER_RUN_TMPFS_SIZE",
          "size",
          "1g",
          Conversions::size,
          "Size of the writable workdir tmpfs of a run.");
  static final Option<Boolean> RUN_READ_ONLY =
      toggle(
          S,
          "--container-run-read-only",
          "UPCLOUD_CONTAINER_RUN_READ_ONLY",
          "true",
          "Read-only root filesystem for runs; turn off only for images that must write to it.");
  static final Option<String> RUN_USER =
      value(
          S,
          "--container-run-user",
          "UPCLOUD_CONTAINER_RUN_USER",
          "user",
          null,
          Conversions::optionalText,
          "User the disposable container runs as.");
  static final Option<String> RUN_WORKDIR =
      value(
          S,
          "--container-run-workdir",
          "UPCLOUD_CONTAINER_RUN_WORKDIR",
          "path",
          "/workspace",
          Conversions::text,
          "Working directory inside the container.");
  static final Option<Duration> RUN_TIMEOUT =
      value(
          S,
          "--container-run-timeout",
          "UPCLOUD_CONTAINER_RUN_TIMEOUT",
          "duration",
          "30m",
          Conversions::positiveDuration,
          "Bound of one container run.");
  static final Option<Duration> START_TIMEOUT =
      value(
          S,
          "--container-start-timeout",
          "UPCLOUD_CONTAINER_START_TIMEOUT",
          "duration",
          "10m",
          Conversions::positiveDuration,
          "Bound of runner create, start and bootstrap.");

  static final List<Option<?>> ALL =
      List.of(
          RUNNER_NAME,
          PROVISIONING,
          CODEX_IMAGE,
          ZONE,
          PLAN,
          OS,
          OS_STORAGE_SIZE,
          NETWORK_MODE,
          PRIVATE_NETWORK,
          PRIVATE_IP,
          SSH_KEYS,
          SSH_TARGET,
          SSH_USERS,
          RUN_NETWORK,
          RUN_TMPFS_SIZE,
          RUN_READ_ONLY,
          RUN_USER,
          RUN_WORKDIR,
          RUN_TIMEOUT,
          START_TIMEOUT);

  static ContainerConfig load(Inputs in) {
    String runnerName = in.value(RUNNER_NAME);
    String zone = in.value(ZONE);
    String privateNetwork = in.value(PRIVATE_NETWORK);
    ContainerConfig.NewRunner newRunner =
        new ContainerConfig.NewRunner(
            zone,
            in.value(PLAN),
            in.value(OS),
            in.value(OS_STORAGE_SIZE),
            in.value(NETWORK_MODE),
            privateNetwork == null ? "ai-platform-private-" + zone : privateNetwork,
            in.value(PRIVATE_IP),
            orEmpty(in.value(SSH_KEYS)));
    ContainerConfig.Ssh ssh = new ContainerConfig.Ssh(in.value(SSH_TARGET), in.value(SSH_USERS));
    ContainerConfig.Runs runs =
        new ContainerConfig.Runs(
            in.value(CODEX_IMAGE),
            in.value(RUN_NETWORK),
            in.value(RUN_TMPFS_SIZE),
            in.bool(RUN_READ_ONLY),
            in.value(RUN_USER),
            in.value(RUN_WORKDIR),
            in.value(RUN_TIMEOUT));
    return new ContainerConfig(
        runnerName, in.value(PROVISIONING), newRunner, ssh, runs, in.value(START_TIMEOUT));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
