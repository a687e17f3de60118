package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.ServerWaits;
import com.busdk.upcloud.ports.ActionResponse;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.TemplateInfo;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one runner server: found by label then by name, created on demand, started, probed on its SSH
 * port, bootstrapped once per boot, and deleted under the {@link DeletePolicy}.
 *
 * <p>Lifecycle changes (ensure, delete) are serialised through one lock. Concurrent {@link
 * #ensureReady} calls share one in-progress ensure, so a burst of runs never creates two runners or
 * bootstraps twice. Once the runner's UUID is known, an ensure of a ready runner reads its state
 * once and lists nothing.
 */
public final class RunnerLifecycle {
  public static final String LABEL_MANAGED_BY = "managed-by";
  public static final String MANAGED_BY_VALUE = "bus-integration-upcloud";
  public static final String LABEL_RUNNER = "bus-runner";
  public static final int SSH_PORT = 22;

  /**
   * Installs Podman when it is missing. Idempotent; waits for the dpkg lock because cloud-init and
   * unattended upgrades often hold it on a first boot.
   */
  static final String BOOTSTRAP_SCRIPT =
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

  private static final Logger LOG = LoggerFactory.getLogger(RunnerLifecycle.class);
  private static final Pattern UUID_PATTERN =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final int STDERR_TAIL = 400;

  private final CloudServers cloud;
  private final Reachability reachability;
  private final RemoteScripts scripts;
  private final TimeSource time;
  private final ServerWaits waits;
  private final RunnerSettings settings;
  private final ContainerSettings container;
  private final DeletePolicy deletePolicy;

  private final ReentrantLock lifecycleLock = new ReentrantLock();
  private final Object flightLock = new Object();

  /** The ensure in progress; guarded by {@link #flightLock}. */
  private CompletableFuture<ReadyRunner> inFlight;

  private volatile String knownUuid;
  private volatile String privateNetworkUuid;

  /** The runner UUID bootstrapped since we last saw it boot; guarded by {@link #lifecycleLock}. */
  private String bootstrappedUuid;

  public RunnerLifecycle(
      CloudServers cloud,
      Reachability reachability,
      RemoteScripts scripts,
      TimeSource time,
      RunnerSettings settings,
      ContainerSettings container,
      DeletePolicy deletePolicy) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.reachability = requireNonNull(reachability, "reachability is null");
    this.scripts = requireNonNull(scripts, "scripts is null");
    this.time = requireNonNull(time, "time is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.container = requireNonNull(container, "container is null");
    this.deletePolicy = requireNonNull(deletePolicy, "deletePolicy is null");
    this.waits = new ServerWaits(cloud, time);
    String network = settings.privateNetwork();
    this.privateNetworkUuid = network != null && isUuid(network) ? network : null;
  }

  public String runnerName() {
    return settings.runnerName();
  }

  // ---- ensure ---------------------------------------------------------------------------------

  /**
   * Makes the runner usable: finds or creates it, starts it, waits for its SSH port and bootstraps
   * it once per boot. Concurrent callers share one ensure and its outcome.
   *
   * @param correlationId the request's correlation id; ssh-runner exchanges derive theirs from it
   * @param identityId the identity the work is done for, or null for admin requests
   * @throws WorkerException naming the step that failed
   */
  public ReadyRunner ensureReady(String correlationId, String identityId) {
    requireNonNull(correlationId, "correlationId is null");
    CompletableFuture<ReadyRunner> flight;
    boolean leader = false;
    synchronized (flightLock) {
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        leader = true;
      }
      flight = inFlight;
    }
    if (leader) {
      try {
        flight.complete(ensureSerialised(correlationId, identityId));
      } catch (RuntimeException | Error e) {
        flight.completeExceptionally(e);
      } finally {
        synchronized (flightLock) {
          inFlight = null;
        }
      }
    }
    try {
      return flight.get();
    } catch (InterruptedException e) {
      throw Failures.interrupted("runner readiness wait");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private ReadyRunner ensureSerialised(String correlationId, String identityId) {
    lifecycleLock.lock();
    try {
      Instant startDeadline = time.now().plus(settings.startTimeout());
      ServerDetails server = locateOrCreate();
      server = startIfNeeded(server, startDeadline);
      String host = sshHost(server);
      awaitSsh(host);
      if (!server.uuid().equals(bootstrappedUuid)) {
        bootstrap(correlationId, identityId, server, host);
        bootstrappedUuid = server.uuid();
      }
      return new ReadyRunner(server, host, container.effectiveSshUsers(), statusOf(server));
    } finally {
      lifecycleLock.unlock();
    }
  }

  private ServerDetails locateOrCreate() {
    Optional<ServerDetails> found = locate(settings.provisioning().ownsRunner());
    if (found.isPresent()) {
      return found.get();
    }
    if (!settings.provisioning().ownsRunner()) {
      throw new WorkerException(
          ErrorType.NOT_FOUND,
          "runner not found: "
              + settings.runnerName()
              + " (provisioning "
              + settings.provisioning()
              + " never creates it)");
    }
    return create();
  }

  /**
   * The runner: by its known UUID (one state read), else by our labels (the lowest UUID; the others
   * are deleted when {@code removeDuplicates}), else by name or UUID.
   */
  private Optional<ServerDetails> locate(boolean removeDuplicates) {
    String uuid = knownUuid;
    if (uuid != null) {
      try {
        return Optional.of(cloud.get(uuid));
      } catch (CloudException e) {
        if (e.kind() != CloudException.Kind.NOT_FOUND) {
          throw Failures.fromCloud("runner lookup", e);
        }
        LOG.info("runner {} is gone; looking it up again", uuid);
        forget();
      }
    }
    try {
      List<ServerSummary> ours = labelledRunners();
      if (!ours.isEmpty()) {
        if (removeDuplicates && ours.size() > 1) {
          removeDuplicates(ours);
        }
        return Optional.of(remember(cloud.get(ours.get(0).uuid())));
      }
      return cloud.find(settings.runnerName()).map(this::remember);
    } catch (CloudException e) {
      throw Failures.fromCloud("runner lookup", e);
    }
  }

  /** Our runners, lowest UUID first; the label filter is re-checked, never trusted blindly. */
  private List<ServerSummary> labelledRunners() {
    Map<String, String> labels = labels();
    return cloud.listByLabels(labels).stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .sorted(Comparator.comparing(ServerSummary::uuid))
        .toList();
  }

  /**
   * Two workers raced and each created a runner: every worker keeps the lowest UUID, so they agree
   * without talking, and deletes the rest. A failure here is logged, not fatal: the kept runner is
   * still usable.
   */
  private void removeDuplicates(List<ServerSummary> ours) {
    for (ServerSummary extra : ours.subList(1, ours.size())) {
      LOG.warn(
          "runner {} has duplicate {} (kept {}); deleting the duplicate",
          settings.runnerName(),
          extra.uuid(),
          ours.get(0).uuid());
      try {
        removeDuplicate(extra.uuid());
      } catch (RuntimeException e) {
        LOG.warn("could not delete duplicate runner {}: {}", extra.uuid(), e.getMessage());
      }
    }
  }

  /**
   * Stops (hard) and deletes one duplicate with its storages. A duplicate that is not settled
   * (still being created, in maintenance) is left alone: its creator sees the same listing right
   * after its create and removes it once settled, so a run never waits on another worker's create.
   */
  private void removeDuplicate(String uuid) {
    Duration timeout = deletePolicy.timeout();
    Duration interval = deletePolicy.pollInterval();
    ServerDetails current = cloud.get(uuid);
    if (current.state() == LifecycleState.READY) {
      cloud.stop(uuid, CloudServers.StopType.HARD, timeout);
      try {
        current =
            waits.await(
                uuid,
                d -> d.state() == LifecycleState.STOPPED || d.state() == LifecycleState.UNAVAILABLE,
                timeout,
                interval);
      } catch (ServerWaits.WaitTimeoutException e) {
        throw Failures.timeout("duplicate runner did not stop: " + e.getMessage());
      } catch (InterruptedException e) {
        throw Failures.interrupted("duplicate runner delete");
      }
    }
    if (current.state() != LifecycleState.STOPPED) {
      LOG.info(
          "duplicate runner {} is in state {}; left to its creator", uuid, current.providerState());
      return;
    }
    cloud.delete(uuid, true);
  }

  private ServerDetails create() {
    LOG.info("creating runner {} in {}", settings.runnerName(), settings.zone());
    ServerSpec spec = createSpec();
    ServerDetails created;
    try {
      created = cloud.create(spec);
    } catch (CloudException e) {
      // The provider may have created the server although the call failed (a timeout, a 5xx after
      // the fact). Reconcile by label before anything else, so a run never leaves two runners.
      LOG.warn("runner create failed ({}); reconciling by label", e.getMessage());
      List<ServerSummary> ours;
      try {
        ours = labelledRunners();
      } catch (CloudException listFailure) {
        throw Failures.fromCloud("runner create", e);
      }
      if (ours.isEmpty()) {
        throw Failures.fromCloud("runner create", e);
      }
      LOG.info("runner create reconciled: adopting {}", ours.get(0).uuid());
      created = getForCreate(ours.get(0).uuid());
    }
    forget();
    remember(created);
    return adoptLowestAfterCreate(created);
  }

  /**
   * Another worker may have created a runner at the same time; both keep the lowest UUID. Checked
   * once right after a create, the only moment such a race can start.
   */
  private ServerDetails adoptLowestAfterCreate(ServerDetails created) {
    try {
      List<ServerSummary> ours = labelledRunners();
      if (ours.size() <= 1) {
        return created;
      }
      removeDuplicates(ours);
      return remember(cloud.get(ours.get(0).uuid()));
    } catch (CloudException e) {
      throw Failures.fromCloud("runner create", e);
    }
  }

  private ServerDetails getForCreate(String uuid) {
    try {
      return cloud.get(uuid);
    } catch (CloudException e) {
      throw Failures.fromCloud("runner create", e);
    }
  }

  private ServerSpec createSpec() {
    try {
      TemplateInfo template =
          cloud
              .findTemplate(settings.osTemplate())
              .orElseThrow(
                  () ->
                      new WorkerException(
                          ErrorType.PROVIDER_ERROR,
                          "runner create failed: OS template not found: " + settings.osTemplate()));
      String networkUuid = null;
      if (settings.networkMode() == ServerSpec.NetworkMode.PRIVATE) {
        if (settings.privateNetwork() == null) {
          throw new WorkerException(
              ErrorType.PROVIDER_ERROR,
              "runner create failed: private network mode needs a private network name or UUID");
        }
        NetworkInfo network =
            cloud
                .findNetwork(settings.zone(), settings.privateNetwork())
                .orElseThrow(
                    () ->
                        new WorkerException(
                            ErrorType.PROVIDER_ERROR,
                            "runner create failed: private network not found in zone "
                                + settings.zone()
                                + ": "
                                + settings.privateNetwork()));
        networkUuid = network.uuid();
        privateNetworkUuid = networkUuid;
      }
      int sizeGb = settings.osStorageSizeGb() > 0 ? settings.osStorageSizeGb() : template.sizeGb();
      if (sizeGb <= 0) {
        throw new WorkerException(
            ErrorType.PROVIDER_ERROR,
            "runner create failed: OS template "
                + template.title()
                + " has no size; set the OS storage size");
      }
      List<String> keys = publicKeys();
      return new ServerSpec(
          settings.zone(),
          settings.runnerName(),
          hostnameOf(settings.runnerName()),
          settings.plan(),
          template.uuid(),
          template.cloudInit(),
          sizeGb,
          settings.networkMode(),
          networkUuid,
          settings.privateIp(),
          container.effectiveSshUsers().stream().findFirst().orElse("root"),
          keys,
          labels());
    } catch (CloudException e) {
      throw Failures.fromCloud("runner create", e);
    }
  }

  private List<String> publicKeys() {
    List<String> keys;
    try {
      keys = settings.sshKeys().publicKeys();
    } catch (WorkerException e) {
      throw new WorkerException(e.type(), "runner create failed: " + e.getMessage(), e);
    }
    if (keys == null || keys.stream().allMatch(String::isBlank)) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "runner create failed: no SSH public keys configured (container SSH keys are required"
              + " to create a runner)");
    }
    return keys.stream().filter(k -> !k.isBlank()).map(String::trim).toList();
  }

  private ServerDetails startIfNeeded(ServerDetails server, Instant deadline) {
    if (server.state() == LifecycleState.READY) {
      return server;
    }
    failIfBroken(server);
    // Whatever boots now is a fresh boot that needs its own bootstrap.
    bootstrappedUuid = null;
    String uuid = server.uuid();
    Duration interval = settings.statePollInterval();
    try {
      ServerDetails current =
          waits.actWhenSettled(
              uuid,
              cloud::start,
              d -> d.state() == LifecycleState.READY,
              server,
              remaining(deadline),
              interval);
      if (current.state() != LifecycleState.READY) {
        current =
            waits.await(
                uuid,
                d -> d.state() == LifecycleState.READY || d.state() == LifecycleState.UNAVAILABLE,
                remaining(deadline),
                interval);
        failIfBroken(current);
      }
      return current;
    } catch (ServerWaits.WaitTimeoutException e) {
      throw Failures.timeout(
          "runner start timed out after "
              + Durations.format(settings.startTimeout())
              + ": runner "
              + uuid
              + " still in state '"
              + e.lastSeen().providerState()
              + "' (maintenance timeout)");
    } catch (CloudException e) {
      if (e.kind() == CloudException.Kind.NOT_FOUND) {
        forget();
      }
      throw Failures.fromCloud("runner start", e);
    } catch (InterruptedException e) {
      throw Failures.interrupted("runner start");
    }
  }

  private static void failIfBroken(ServerDetails server) {
    if (server.state() == LifecycleState.UNAVAILABLE) {
      throw new WorkerException(
          ErrorType.PROVIDER_ERROR,
          "runner start failed: runner "
              + server.uuid()
              + " is in state '"
              + server.providerState()
              + "'");
    }
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(time.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The explicit SSH target's host, else the runner's private (or public) IPv4 address. */
  private String sshHost(ServerDetails server) {
    Optional<String> explicit = container.sshTargetHost();
    if (explicit.isPresent()) {
      return explicit.get();
    }
    boolean privateMode = settings.networkMode() == ServerSpec.NetworkMode.PRIVATE;
    Optional<String> address;
    if (privateMode) {
      String network = privateNetworkUuid;
      address = network == null ? Optional.empty() : server.privateIpv4(network);
      if (address.isEmpty()) {
        address = server.privateIpv4(null);
      }
    } else {
      address = server.publicIpv4();
    }
    return address.orElseThrow(
        () ->
            new WorkerException(
                ErrorType.PROVIDER_ERROR,
                "runner "
                    + server.uuid()
                    + " has no "
                    + (privateMode ? "private" : "public")
                    + " IPv4 address to reach over SSH"));
  }

  private void awaitSsh(String host) {
    Duration interval = settings.sshReadyPollInterval();
    Duration probeTimeout =
        interval.compareTo(MAX_PROBE_TIMEOUT) < 0 ? interval : MAX_PROBE_TIMEOUT;
    Instant deadline = time.now().plus(settings.sshReadyTimeout());
    while (true) {
      Reachability.ProbeResult result = reachability.probe(host, SSH_PORT, probeTimeout);
      if (result.reachable()) {
        return;
      }
      if (!time.now().isBefore(deadline)) {
        throw Failures.timeout(
            "runner SSH readiness timed out after "
                + Durations.format(settings.sshReadyTimeout())
                + ": "
                + host
                + ":"
                + SSH_PORT
                + " "
                + result.detail());
      }
      try {
        time.sleep(interval);
      } catch (InterruptedException e) {
        throw Failures.interrupted("runner SSH readiness wait");
      }
    }
  }

  private void bootstrap(
      String correlationId, String identityId, ServerDetails server, String host) {
    ScriptRequest.NetworkBootstrap network = null;
    if (settings.applyNetplan()) {
      if (!RunnerSettings.MAC_MATCH.equals(settings.netplanMode())) {
        throw new WorkerException(
            ErrorType.UNSUPPORTED,
            "runner bootstrap failed: unsupported runner netplan mode: " + settings.netplanMode());
      }
      String mac =
          interfaceMac(server)
              .orElseThrow(
                  () ->
                      new WorkerException(
                          ErrorType.PROVIDER_ERROR,
                          "runner bootstrap failed: runner netplan mode mac-match requires"
                              + " interface MAC"));
      network =
          new ScriptRequest.NetworkBootstrap(
              true, settings.netplanMode(), settings.dnsServers(), mac);
    }
    ScriptRequest request =
        new ScriptRequest(
            BOOTSTRAP_SCRIPT,
            List.of(new ScriptRequest.Target(host, SSH_PORT)),
            container.effectiveSshUsers(),
            Durations.ceilSeconds(settings.bootstrapTimeout()),
            network,
            identityId);
    LOG.info("bootstrapping runner {} at {}", server.uuid(), host);
    ScriptResult result;
    try {
      result = scripts.run(correlationId + ".ssh.bootstrap", request);
    } catch (RemoteScriptException e) {
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

  /** The MAC netplan matches on: the private NIC's, or in public mode the public NIC's. */
  private Optional<String> interfaceMac(ServerDetails server) {
    String network = privateNetworkUuid;
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

  // ---- admin ----------------------------------------------------------------------------------

  /**
   * The runner's status without changing anything; a missing runner is {@code stopped} with {@code
   * exists=false}, since the next run creates it. Does not wait for an ensure in progress.
   */
  public StatusPayload status() {
    Optional<ServerDetails> server = locate(false);
    if (server.isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("exists", false);
      details.put("name", settings.runnerName());
      return new StatusPayload(LifecycleState.STOPPED.wire(), container.providerName(), details);
    }
    return statusOf(server.get());
  }

  /** Starts and bootstraps the runner (creating it when the provisioning allows). */
  public ActionResponse start(String correlationId) {
    ReadyRunner ready = ensureReady(correlationId, null);
    return new ActionResponse(true, "start", ready.status());
  }

  /**
   * Deletes the runner under the delete policy (and every duplicate carrying our labels). A missing
   * runner is already deleted.
   *
   * @throws WorkerException {@code conflict} when the provisioning never deletes runners
   */
  public boolean delete() {
    if (!settings.provisioning().ownsRunner()) {
      throw new WorkerException(
          ErrorType.CONFLICT,
          "runner delete refused: provisioning "
              + settings.provisioning()
              + " never deletes the runner");
    }
    lifecycleLock.lock();
    try {
      Instant deadline = time.now().plus(deletePolicy.timeout());
      List<String> targets = new ArrayList<>();
      try {
        labelledRunners().forEach(s -> targets.add(s.uuid()));
      } catch (CloudException e) {
        throw Failures.fromCloud("runner delete", e);
      }
      if (targets.isEmpty()) {
        locate(false).ifPresent(s -> targets.add(s.uuid()));
      }
      for (String uuid : targets) {
        deleteOne(uuid, deadline);
      }
      forget();
      return true;
    } finally {
      lifecycleLock.unlock();
    }
  }

  private void deleteOne(String uuid, Instant deadline) {
    ServerDetails current;
    try {
      current = cloud.get(uuid);
    } catch (CloudException e) {
      if (e.kind() == CloudException.Kind.NOT_FOUND) {
        return;
      }
      throw Failures.fromCloud("runner delete", e);
    }
    List<String> storages = current.storageUuids();
    LOG.info("deleting runner {} (state {})", uuid, current.providerState());
    boolean stopAttempted = false;
    boolean stopAccepted = false;
    while (true) {
      String state = current.state().wire();
      String step = "runner delete";
      try {
        if (deletePolicy.readyStates().contains(state)) {
          cloud.delete(uuid, deletePolicy.deleteStorage());
          break;
        } else if (deletePolicy.transientStates().contains(state)) {
          LOG.debug("runner {} in transient state {}; polling", uuid, state);
        } else if (deletePolicy.stopFirst()
            && !stopAccepted
            && (!stopAttempted || current.state() == LifecycleState.READY)) {
          // A refused stop (the server is busy) is retried only while the runner still runs.
          step = "runner stop";
          stopAttempted = true;
          current = cloud.stop(uuid, CloudServers.StopType.HARD, deletePolicy.timeout());
          stopAccepted = true;
          continue;
        } else if (!(stopAccepted && current.state() == LifecycleState.READY)) {
          // A started runner after an accepted stop is a stop in progress; any other state will
          // not turn delete-ready by waiting.
          throw new WorkerException(
              ErrorType.CONFLICT,
              "runner delete failed: runner "
                  + uuid
                  + " is in state '"
                  + state
                  + "' (provider state '"
                  + current.providerState()
                  + "'), neither delete-ready "
                  + deletePolicy.readyStates()
                  + " nor transient "
                  + deletePolicy.transientStates()
                  + (deletePolicy.stopFirst() ? "" : " and stop-first is off"));
        }
      } catch (CloudException e) {
        if (e.kind() == CloudException.Kind.NOT_FOUND) {
          break;
        }
        if (!e.isStateIllegal()) {
          throw Failures.fromCloud(step, e);
        }
      }
      if (!time.now().isBefore(deadline)) {
        throw Failures.timeout(
            "runner delete timed out after "
                + Durations.format(deletePolicy.timeout())
                + ": runner "
                + uuid
                + " still in state '"
                + state
                + "'");
      }
      pause("runner delete");
      try {
        current = cloud.get(uuid);
      } catch (CloudException e) {
        if (e.kind() == CloudException.Kind.NOT_FOUND) {
          break;
        }
        throw Failures.fromCloud("runner delete", e);
      }
    }
    if (deletePolicy.deleteStorage()) {
      removeLeftoverStorages(uuid, storages, deadline);
    }
  }

  /**
   * Verifies the runner's storages are gone and deletes any left behind (a storage can stay
   * attached for a moment while the server's deletion settles).
   */
  private void removeLeftoverStorages(String serverUuid, List<String> storages, Instant deadline) {
    for (String storage : storages) {
      try {
        while (cloud.storageExists(storage)) {
          LOG.info("runner {} storage {} left behind; deleting it", serverUuid, storage);
          try {
            cloud.deleteStorage(storage);
          } catch (CloudException e) {
            if (e.kind() != CloudException.Kind.CONFLICT) {
              throw e;
            }
          }
          if (!cloud.storageExists(storage)) {
            break;
          }
          if (!time.now().isBefore(deadline)) {
            throw Failures.timeout("runner deleted but its storage " + storage + " still exists");
          }
          pause("runner storage delete");
        }
      } catch (CloudException e) {
        throw Failures.fromCloud("runner storage delete", e);
      }
    }
  }

  private void pause(String step) {
    try {
      time.sleep(deletePolicy.pollInterval());
    } catch (InterruptedException e) {
      throw Failures.interrupted(step);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  StatusPayload statusOf(ServerDetails server) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("upcloud_state", server.providerState());
    details.put("server", server.uuid());
    details.put("name", server.title().isEmpty() ? settings.runnerName() : server.title());
    details.put("exists", true);
    return new StatusPayload(server.state().wire(), container.providerName(), details);
  }

  private Map<String, String> labels() {
    return Map.of(LABEL_MANAGED_BY, MANAGED_BY_VALUE, LABEL_RUNNER, settings.runnerName());
  }

  private ServerDetails remember(ServerDetails server) {
    knownUuid = server.uuid();
    return server;
  }

  private void forget() {
    knownUuid = null;
    if (lifecycleLock.isHeldByCurrentThread()) {
      bootstrappedUuid = null;
    }
  }

  private static String hostnameOf(String name) {
    String host = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return host.length() > 63 ? host.substring(0, 63) : host;
  }

  private static boolean isUuid(String value) {
    return UUID_PATTERN.matcher(value).matches();
  }

  private static String tail(String stderr) {
    String trimmed = stderr.strip();
    return trimmed.length() <= STDERR_TAIL
        ? trimmed
        : "…" + trimmed.substring(trimmed.length() - STDERR_TAIL);
  }
}
