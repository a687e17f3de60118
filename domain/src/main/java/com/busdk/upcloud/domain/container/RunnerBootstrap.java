package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.WorkerException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a started runner for container runs through the ssh-runner, once per boot: installs
 * Podman and, when asked, applies netplan first.
 */
final class RunnerBootstrap {
  /**
   * Installs Podman when it is missing. Idempotent; waits for the dpkg lock because cloud-init and
   * unattended upgrades often hold it on a first boot.
   */
  static final String SCRIPT =
      """
      set -eu
      if command -v podman >/dev/null 2>&1; then
        exit 0
      fi
      if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
      else
        SUDO="sudo -n"
      fi
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \\
        install -y -q podman
      command -v podman >/dev/null 2>&1
      """;

  private static final Logger LOG = LoggerFactory.getLogger(RunnerBootstrap.class);
  private static final int STDERR_TAIL = 400;

  private final RemoteScripts scripts;
  private final RunnerSettings settings;
  private final ContainerSettings container;
  private final RunnerMemory memory;

  RunnerBootstrap(
      RemoteScripts scripts,
      RunnerSettings settings,
      ContainerSettings container,
      RunnerMemory memory) {
    this.scripts = requireNonNull(scripts, "scripts is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.container = requireNonNull(container, "container is null");
    this.memory = requireNonNull(memory, "memory is null");
  }

  /**
   * Bootstraps {@code server} at {@code host} unless this boot of it already was. Call holding the
   * lifecycle gate. The ssh-runner's answer is a pending future; the result is checked on {@code
   * continuations}, never on the thread that delivers the answer.
   *
   * @return a future failed with the {@link WorkerException} naming the bootstrap failure; the next
   *     call tries again
   */
  CompletableFuture<Void> oncePerBootAsync(
      String correlationId,
      String identityId,
      ServerDetails server,
      String host,
      Executor continuations) {
    if (memory.bootstrapped(server.uuid())) {
      return CompletableFuture.completedFuture(null);
    }
    ScriptRequest request;
    CompletableFuture<ScriptResult> answer;
    try {
      request =
          new ScriptRequest(
              SCRIPT,
              List.of(new ScriptRequest.Target(host, RunnerLifecycle.SSH_PORT)),
              container.effectiveSshUsers(),
              Durations.ceilSeconds(settings.bootstrapTimeout()),
              networkBootstrap(server),
              identityId);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    LOG.info("bootstrapping runner {} at {}", server.uuid(), host);
    try {
      answer = scripts.submit(correlationId + ".ssh.bootstrap", request);
    } catch (RemoteScriptException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    Executor next = answer.isDone() ? Runnable::run : continuations;
    return answer.handleAsync(
        (result, failed) -> {
          check(result, failed);
          memory.markBootstrapped(server.uuid());
          return null;
        },
        next);
  }

  private void check(ScriptResult result, Throwable failed) {
    if (failed != null) {
      RemoteScriptException e = RemoteScripts.unwrap(failed);
      if (e.kind() == RemoteScriptException.Kind.TIMEOUT) {
        throw Failures.timeout(
            "runner bootstrap failed: ssh-runner did not answer within "
                + Durations.format(settings.bootstrapTimeout()));
      }
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR, "runner bootstrap failed: " + e.getMessage(), e);
    }
    if (result.failedToRun()) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "runner bootstrap failed: ssh-runner could not run the script: "
              + result.error().message());
    }
    if (result.exitCode() != 0) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "runner bootstrap failed: exit " + result.exitCode() + ": " + tail(result.stderr()));
    }
  }

  /** The netplan set-up the ssh-runner applies first, or null when netplan is left alone. */
  private ScriptRequest.NetworkBootstrap networkBootstrap(ServerDetails server) {
    if (!settings.applyNetplan()) {
      return null;
    }
    String mac =
        interfaceMac(server)
            .orElseThrow(
                () ->
                    new WorkerException(
                        ErrorType.PROVIDER_ERROR,
                        "runner bootstrap failed: runner netplan mode mac-match requires"
                            + " interface MAC"));
    return new ScriptRequest.NetworkBootstrap(
        true, settings.netplanMode().wire(), settings.dnsServers(), mac);
  }

  /** The MAC netplan matches on: the private NIC's, or in public mode the public NIC's. */
  private Optional<String> interfaceMac(ServerDetails server) {
    String network = memory.privateNetworkUuid();
    Optional<NetworkInterface> nic =
        network == null ? Optional.empty() : server.privateInterface(network);
    if (nic.isEmpty()) {
      nic = server.privateInterface(null);
    }
    if (nic.isEmpty() && settings.networkMode() == ServerSpec.NetworkMode.PUBLIC) {
      nic = server.interfaces().stream().filter(n -> "public".equals(n.type())).findFirst();
    }
    return nic.map(NetworkInterface::mac).filter(mac -> !mac.isBlank());
  }

  private static String tail(String stderr) {
    String trimmed = stderr.strip();
    return trimmed.length() <= STDERR_TAIL
        ? trimmed
        : "…" + trimmed.substring(trimmed.length() - STDERR_TAIL);
  }
}
