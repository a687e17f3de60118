package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import com.busdk.upcloud.ports.WorkerException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the runner when the provisioning allows it, never leaving two: a failed create is
 * reconciled by label, and a create that raced another worker's keeps the lowest UUID.
 */
final class RunnerProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerProvisioner.class);
  private static final int MAX_HOSTNAME = 63;

  private final CloudServers cloud;
  private final RunnerSettings settings;
  private final ContainerSettings container;
  private final RunnerLocator locator;
  private final RunnerMemory memory;

  RunnerProvisioner(
      CloudServers cloud,
      RunnerSettings settings,
      ContainerSettings container,
      RunnerLocator locator,
      RunnerMemory memory) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.container = requireNonNull(container, "container is null");
    this.locator = requireNonNull(locator, "locator is null");
    this.memory = requireNonNull(memory, "memory is null");
  }

  /**
   * The runner, created when missing and the provisioning owns it.
   *
   * @throws WorkerException {@code not_found} when missing and the provisioning never creates it
   */
  ServerDetails locateOrCreate() {
    boolean owned = settings.provisioning().ownsRunner();
    Optional<ServerDetails> found = locator.locate(owned);
    if (found.isPresent()) {
      return found.get();
    }
    if (!owned) {
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

  private ServerDetails create() {
    LOG.info("creating runner {} in {}", settings.runnerName(), settings.zone());
    ServerSpec spec = RunnerSteps.cloud("runner create", this::createSpec);
    ServerDetails created;
    try {
      created = cloud.create(spec);
    } catch (CloudException e) {
      created = reconcile(e);
    }
    memory.forget();
    memory.remember(created);
    return adoptLowestAfterCreate(created);
  }

  /**
   * The provider may have created the server although the call failed (a timeout, a 5xx after the
   * fact). Reconcile by label before anything else, so a run never leaves two runners.
   */
  private ServerDetails reconcile(CloudException createFailure) {
    LOG.warn("runner create failed ({}); reconciling by label", createFailure.getMessage());
    List<ServerSummary> ours;
    try {
      ours = locator.labelledRunners();
    } catch (CloudException listFailure) {
      // An unreadable listing shows no runner either; the create failure is the one to report.
      ours = List.of();
    }
    if (ours.isEmpty()) {
      throw Failures.fromCloud("runner create", createFailure);
    }
    String adopted = ours.get(0).uuid();
    LOG.info("runner create reconciled: adopting {}", adopted);
    return RunnerSteps.cloud("runner create", () -> cloud.get(adopted));
  }

  /**
   * Another worker may have created a runner at the same time; both keep the lowest UUID. Checked
   * once right after a create, the only moment such a race can start.
   */
  private ServerDetails adoptLowestAfterCreate(ServerDetails created) {
    return RunnerSteps.cloud(
        "runner create",
        () -> {
          List<ServerSummary> ours = locator.labelledRunners();
          return ours.size() <= 1 ? created : locator.keepLowest(ours);
        });
  }

  private ServerSpec createSpec() {
    TemplateInfo template =
        cloud
            .findTemplate(settings.osTemplate())
            .orElseThrow(() -> createFailed("OS template not found: " + settings.osTemplate()));
    String networkUuid =
        settings.networkMode() == ServerSpec.NetworkMode.PRIVATE ? resolvePrivateNetwork() : null;
    int sizeGb = settings.osStorageSizeGb() > 0 ? settings.osStorageSizeGb() : template.sizeGb();
    if (sizeGb <= 0) {
      throw createFailed(
          "OS template " + template.title() + " has no size; set the OS storage size");
    }
    List<String> keys = publicKeys();
    return ServerSpec.builder()
        .zone(settings.zone())
        .title(settings.runnerName())
        .hostname(hostnameOf(settings.runnerName()))
        .plan(settings.plan())
        .disk(template.uuid(), sizeGb, template.cloudInit())
        .network(new ServerSpec.Network(settings.networkMode(), networkUuid, settings.privateIp()))
        .login(container.effectiveSshUsers().stream().findFirst().orElse("root"), keys)
        .labels(locator.labels())
        .build();
  }

  /** The private network's UUID, remembered so the runner's private address can be picked. */
  private String resolvePrivateNetwork() {
    if (settings.privateNetwork() == null) {
      throw createFailed("private network mode needs a private network name or UUID");
    }
    NetworkInfo network =
        cloud
            .findNetwork(settings.zone(), settings.privateNetwork())
            .orElseThrow(
                () ->
                    createFailed(
                        "private network not found in zone "
                            + settings.zone()
                            + ": "
                            + settings.privateNetwork()));
    memory.privateNetworkResolved(network.uuid());
    return network.uuid();
  }

  private List<String> publicKeys() {
    List<String> keys;
    try {
      keys = settings.sshKeys().publicKeys();
    } catch (WorkerException e) {
      throw new WorkerException(e.type(), "runner create failed: " + e.getMessage(), e);
    }
    if (keys == null || keys.stream().allMatch(String::isBlank)) {
      throw createFailed(
          "no SSH public keys configured (container SSH keys are required to create a runner)");
    }
    return keys.stream().filter(k -> !k.isBlank()).map(String::trim).toList();
  }

  private static WorkerException createFailed(String detail) {
    return new WorkerException(ErrorType.PROVIDER_ERROR, "runner create failed: " + detail);
  }

  private static String hostnameOf(String name) {
    String host = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return host.length() > MAX_HOSTNAME ? host.substring(0, MAX_HOSTNAME) : host;
  }
}
