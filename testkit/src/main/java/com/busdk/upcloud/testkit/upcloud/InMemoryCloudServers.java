package com.busdk.upcloud.testkit.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A thread-safe in-memory {@link CloudServers} over the same model as {@link UpCloudSimulator}
 * ({@link SimulatedCloud}), so it has UpCloud's semantics: state-changing calls on a server in the
 * wrong state fail with {@code BUSY}/{@code SERVER_STATE_ILLEGAL}, deleting a server keeps its
 * storages unless asked, names resolve by title or hostname and must be unique. Start and stop take
 * effect at once; a created server stays in its initial state ({@code maintenance}) until a test
 * moves it with {@link #setState}.
 *
 * <p>Operation names used by {@link #failNext} and {@link #calls} are the method names of {@link
 * CloudServers}: {@code find}, {@code get}, {@code listByLabels}, {@code start}, {@code stop},
 * {@code create}, {@code delete}, {@code deleteStorage}, {@code storageExists}, {@code
 * findNetwork}, {@code findTemplate}.
 */
public final class InMemoryCloudServers implements CloudServers {

  public static final String DEFAULT_ZONE = SimulatedCloud.DEFAULT_ZONE;
  public static final String DEFAULT_TEMPLATE_TITLE = UpCloudSimulator.DEFAULT_TEMPLATE_TITLE;

  private final SimulatedCloud cloud = new SimulatedCloud(TimeSource.system());
  private final Map<String, Deque<CloudException>> faults = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<ServerSpec> createdSpecs = new ArrayList<>();
  private CloudException createFailureAfterCreating;

  public InMemoryCloudServers() {
    cloud.setCreate("maintenance", null);
  }

  // ---- seeding -------------------------------------------------------------------------------

  /** Seeds a server with one storage and a utility NIC in {@link #DEFAULT_ZONE}. */
  public ServerDetails addServer(String title, String state) {
    return addServer(title, state, Map.of());
  }

  /** Seeds a server whose hostname equals its title, with the given labels. */
  public ServerDetails addServer(String title, String state, Map<String, String> labels) {
    return addServer(title, title, state, labels);
  }

  /** Seeds a server with one storage and a utility NIC in {@link #DEFAULT_ZONE}. */
  public synchronized ServerDetails addServer(
      String title, String hostname, String state, Map<String, String> labels) {
    requireNonNull(title, "title is null");
    requireNonNull(hostname, "hostname is null");
    String utility = cloud.sharedNetwork(DEFAULT_ZONE, "utility").uuid;
    return cloud
        .addServer(
            title, hostname, state, labels, List.of(new NewServer.Nic("utility", utility, null)))
        .details();
  }

  /** Seeds a server exactly as given; its storages count as attached. */
  public synchronized ServerDetails addServer(ServerDetails details) {
    requireNonNull(details, "details is null");
    SimServer server =
        new SimServer(
            details.uuid(), details.title(), details.hostname(), details.zone(), "1xCPU-2GB");
    server.labels.putAll(details.labels());
    server.state = details.providerState();
    server.nics.addAll(details.interfaces());
    server.ipAddresses.addAll(details.ipAddresses());
    server.storages.addAll(details.storageUuids());
    return cloud.addServer(server).details();
  }

  /** Seeds a private network in the zone. */
  public synchronized NetworkInfo addPrivateNetwork(String name, String zone) {
    return cloud.addNetwork(null, name, "private", zone, "10.0.0.0/24").info();
  }

  public synchronized NetworkInfo addNetwork(NetworkInfo network) {
    requireNonNull(network, "network is null");
    String cidr = "public".equals(network.type()) ? "94.237.0.0/24" : "10.0.0.0/24";
    return cloud
        .addNetwork(network.uuid(), network.name(), network.type(), network.zone(), cidr)
        .info();
  }

  /** Seeds a storage template; {@code templateType} is {@code cloud-init} or {@code native}. */
  public synchronized TemplateInfo addTemplate(String title, String templateType) {
    return addTemplate(new TemplateInfo(SimulatedCloud.newUuid("01"), title, templateType, 4));
  }

  public synchronized TemplateInfo addTemplate(TemplateInfo template) {
    requireNonNull(template, "template is null");
    cloud.addTemplate(
        template.uuid(), template.title(), template.templateType(), template.sizeGb());
    return template;
  }

  /** Seeds a detached storage, for orphan-sweep tests. */
  public synchronized String addDetachedStorage() {
    return cloud.addDisk(null, "detached", 10, DEFAULT_ZONE, null).uuid;
  }

  /** Forces a server into a provider state such as {@code maintenance} or {@code error}. */
  public synchronized ServerDetails setState(String uuid, String state) {
    return cloud.setState(uuid, state).details();
  }

  /** Removes a server behind the worker's back (its storages stay), as another client would. */
  public synchronized void removeServer(String uuid) {
    cloud.removeServer(uuid);
  }

  /** The state a created server starts in: {@code maintenance} (the default, as UpCloud) or any. */
  public synchronized void setCreateInitialState(String state) {
    cloud.setCreate(state, null);
  }

  // ---- fault injection and introspection ------------------------------------------------------

  /** The next call of {@code operation} throws {@code failure} (queued: one failure per call). */
  public synchronized void failNext(String operation, CloudException failure) {
    requireNonNull(operation, "operation is null");
    requireNonNull(failure, "failure is null");
    faults.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(failure);
  }

  /**
   * The next {@code create} creates the server and then throws {@code failure}, as UpCloud did in
   * terraform-provider-upcloud #205, so callers must reconcile by label.
   */
  public synchronized void failNextCreateAfterCreating(CloudException failure) {
    this.createFailureAfterCreating = requireNonNull(failure, "failure is null");
  }

  /** How many times {@code operation} was called, including failed calls. */
  public synchronized int calls(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  /** The servers that exist now (leftovers after a test). */
  public synchronized List<ServerDetails> servers() {
    return cloud.servers().stream().map(SimServer::details).toList();
  }

  /** The UUIDs of the storages that exist now, attached or not (templates are not storages). */
  public synchronized Set<String> storages() {
    Set<String> result = new LinkedHashSet<>();
    cloud.storages().stream().filter(s -> !s.isTemplate()).forEach(s -> result.add(s.uuid));
    return Set.copyOf(result);
  }

  /** The specs passed to {@code create}, in order. */
  public synchronized List<ServerSpec> createdSpecs() {
    return List.copyOf(createdSpecs);
  }

  // ---- CloudServers ---------------------------------------------------------------------------

  @Override
  public synchronized Optional<ServerDetails> find(String nameOrUuid) {
    enter("find");
    requireNonNull(nameOrUuid, "nameOrUuid is null");
    if (SimulatedCloud.UUID_PATTERN.matcher(nameOrUuid).matches()) {
      return cloud.hasServer(nameOrUuid)
          ? Optional.of(cloud.server(nameOrUuid).details())
          : Optional.empty();
    }
    List<SimServer> matches =
        cloud.servers().stream()
            .filter(s -> s.title.equals(nameOrUuid) || s.hostname.equals(nameOrUuid))
            .toList();
    if (matches.size() > 1) {
      throw ambiguous(
          "server name '" + nameOrUuid + "' matches more than one server: ",
          matches.stream().map(s -> s.uuid).toList());
    }
    return matches.stream().findFirst().map(SimServer::details);
  }

  @Override
  public synchronized ServerDetails get(String uuid) {
    enter("get");
    return cloud.server(uuid).details();
  }

  @Override
  public synchronized List<ServerSummary> listByLabels(Map<String, String> labels) {
    enter("listByLabels");
    requireNonNull(labels, "labels is null");
    return cloud.servers().stream()
        .filter(s -> s.labels.entrySet().containsAll(labels.entrySet()))
        .map(SimServer::summary)
        .toList();
  }

  @Override
  public synchronized ServerDetails start(String uuid) {
    enter("start");
    return cloud.start(uuid).details();
  }

  @Override
  public synchronized ServerDetails stop(String uuid, StopType type, Duration timeout) {
    enter("stop");
    requireNonNull(type, "type is null");
    requireNonNull(timeout, "timeout is null");
    return cloud.stop(uuid).details();
  }

  @Override
  public synchronized ServerDetails create(ServerSpec spec) {
    enter("create");
    requireNonNull(spec, "spec is null");
    List<NewServer.Nic> nics = new ArrayList<>();
    if (spec.network().mode() == ServerSpec.NetworkMode.PRIVATE) {
      nics.add(
          new NewServer.Nic(
              "private", spec.network().privateNetworkUuid(), spec.network().privateIp()));
    } else {
      nics.add(new NewServer.Nic("public", null, null));
    }
    nics.add(new NewServer.Nic("utility", null, null));
    NewServer request =
        new NewServer(
            spec.zone(),
            spec.title(),
            spec.hostname(),
            spec.plan(),
            spec.labels(),
            new NewServer.Disk(spec.disk().templateUuid(), null, spec.disk().sizeGb()),
            spec.disk().metadata(),
            nics);
    ServerDetails created = cloud.create(request).details();
    createdSpecs.add(spec);
    if (createFailureAfterCreating != null) {
      CloudException failure = createFailureAfterCreating;
      createFailureAfterCreating = null;
      throw failure;
    }
    return created;
  }

  @Override
  public synchronized void delete(String uuid, boolean withStorages) {
    enter("delete");
    cloud.delete(uuid, withStorages);
  }

  @Override
  public synchronized void deleteStorage(String storageUuid) {
    enter("deleteStorage");
    try {
      cloud.deleteStorage(storageUuid);
    } catch (CloudException e) {
      if (e.kind() != CloudException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public synchronized boolean storageExists(String storageUuid) {
    enter("storageExists");
    return cloud.storages().stream().anyMatch(s -> !s.isTemplate() && s.uuid.equals(storageUuid));
  }

  @Override
  public synchronized Optional<NetworkInfo> findNetwork(String zone, String nameOrUuid) {
    enter("findNetwork");
    requireNonNull(nameOrUuid, "nameOrUuid is null");
    if (SimulatedCloud.UUID_PATTERN.matcher(nameOrUuid).matches()) {
      return Optional.ofNullable(cloud.networkOrNull(nameOrUuid)).map(SimNetwork::info);
    }
    List<SimNetwork> matches =
        cloud.networks().stream()
            .filter(n -> "private".equals(n.type))
            .filter(n -> n.zone.equals(zone))
            .filter(n -> n.name.equals(nameOrUuid))
            .toList();
    if (matches.size() > 1) {
      throw ambiguous(
          "network name '" + nameOrUuid + "' matches more than one network in " + zone + ": ",
          matches.stream().map(n -> n.uuid).toList());
    }
    return matches.stream().findFirst().map(SimNetwork::info);
  }

  @Override
  public synchronized Optional<TemplateInfo> findTemplate(String titleOrUuid) {
    enter("findTemplate");
    requireNonNull(titleOrUuid, "titleOrUuid is null");
    List<SimStorage> templates = cloud.storages().stream().filter(SimStorage::isTemplate).toList();
    return templates.stream()
        .filter(t -> t.uuid.equals(titleOrUuid))
        .findFirst()
        .or(() -> templates.stream().filter(t -> t.title.equals(titleOrUuid)).findFirst())
        .map(t -> new TemplateInfo(t.uuid, t.title, t.templateType, t.size));
  }

  // ---- internals ------------------------------------------------------------------------------

  private void enter(String operation) {
    calls.merge(operation, 1, Integer::sum);
    Deque<CloudException> queued = faults.get(operation);
    if (queued != null && !queued.isEmpty()) {
      throw queued.poll();
    }
  }

  private static CloudException ambiguous(String message, List<String> uuids) {
    return new CloudException(
        CloudException.Kind.AMBIGUOUS, "", message + String.join(", ", uuids));
  }
}
