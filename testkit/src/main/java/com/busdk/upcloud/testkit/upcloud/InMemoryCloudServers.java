package com.busdk.upcloud.testkit.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A thread-safe in-memory {@link CloudServers} with UpCloud's semantics: state-changing calls on a
 * server in the wrong state fail with {@code CONFLICT}/{@code SERVER_STATE_ILLEGAL}, deleting a
 * server keeps its storages unless asked, names resolve by title or hostname and must be unique.
 *
 * <p>Operation names used by {@link #failNext} and {@link #calls} are the method names of {@link
 * CloudServers}: {@code find}, {@code get}, {@code listByLabels}, {@code start}, {@code stop},
 * {@code create}, {@code delete}, {@code deleteStorage}, {@code storageExists}, {@code
 * findNetwork}, {@code findTemplate}.
 */
public final class InMemoryCloudServers implements CloudServers {

  public static final String DEFAULT_ZONE = "fi-hel2";
  public static final String DEFAULT_TEMPLATE_TITLE = "Ubuntu Server 24.04 LTS (Noble Numbat)";

  private static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final Map<String, ServerDetails> servers = new LinkedHashMap<>();

  /** Storage UUID to the UUID of the server it is attached to, or "" when detached. */
  private final Map<String, String> storages = new LinkedHashMap<>();

  private final Map<String, NetworkInfo> networks = new LinkedHashMap<>();
  private final Map<String, TemplateInfo> templates = new LinkedHashMap<>();
  private final Map<String, Deque<CloudException>> faults = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<ServerSpec> createdSpecs = new ArrayList<>();
  private String createInitialState = "maintenance";
  private CloudException createFailureAfterCreating;
  private int nextHost = 10;

  public InMemoryCloudServers() {}

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
    requireNonNull(state, "state is null");
    String uuid = newUuid("00");
    List<NetworkInterface> nics = List.of(utilityNic(1));
    ServerDetails details =
        new ServerDetails(
            uuid,
            title,
            hostname,
            DEFAULT_ZONE,
            state,
            labels,
            nics,
            addressesOf(nics),
            List.of(newUuid("01")));
    return addServer(details);
  }

  /** Seeds a server exactly as given; its storages count as attached. */
  public synchronized ServerDetails addServer(ServerDetails details) {
    requireNonNull(details, "details is null");
    servers.put(details.uuid(), details);
    for (String storage : details.storageUuids()) {
      storages.put(storage, details.uuid());
    }
    return details;
  }

  /** Seeds a private network in the zone. */
  public synchronized NetworkInfo addPrivateNetwork(String name, String zone) {
    return addNetwork(new NetworkInfo(newUuid("03"), name, "private", zone));
  }

  public synchronized NetworkInfo addNetwork(NetworkInfo network) {
    requireNonNull(network, "network is null");
    networks.put(network.uuid(), network);
    return network;
  }

  /** Seeds a storage template; {@code templateType} is {@code cloud-init} or {@code native}. */
  public synchronized TemplateInfo addTemplate(String title, String templateType) {
    return addTemplate(new TemplateInfo(newUuid("01"), title, templateType, 4));
  }

  public synchronized TemplateInfo addTemplate(TemplateInfo template) {
    requireNonNull(template, "template is null");
    templates.put(template.uuid(), template);
    return template;
  }

  /** Seeds a detached storage, for orphan-sweep tests. */
  public synchronized String addDetachedStorage() {
    String uuid = newUuid("01");
    storages.put(uuid, "");
    return uuid;
  }

  /** Forces a server into a provider state such as {@code maintenance} or {@code error}. */
  public synchronized ServerDetails setState(String uuid, String state) {
    requireNonNull(state, "state is null");
    ServerDetails current = servers.get(uuid);
    if (current == null) {
      throw new IllegalArgumentException("no such server: " + uuid);
    }
    ServerDetails updated = current.withProviderState(state);
    servers.put(uuid, updated);
    return updated;
  }

  /** Removes a server behind the worker's back (its storages stay), as another client would. */
  public synchronized void removeServer(String uuid) {
    servers.remove(uuid);
    storages.replaceAll((storage, owner) -> owner.equals(uuid) ? "" : owner);
  }

  /** The state a created server starts in: {@code maintenance} (the default, as UpCloud) or any. */
  public synchronized void setCreateInitialState(String state) {
    this.createInitialState = requireNonNull(state, "state is null");
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
    return List.copyOf(servers.values());
  }

  /** The UUIDs of the storages that exist now, attached or not. */
  public synchronized Set<String> storages() {
    return Set.copyOf(new LinkedHashSet<>(storages.keySet()));
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
    if (isUuid(nameOrUuid)) {
      return Optional.ofNullable(servers.get(nameOrUuid));
    }
    List<ServerDetails> matches =
        servers.values().stream()
            .filter(s -> s.title().equals(nameOrUuid) || s.hostname().equals(nameOrUuid))
            .toList();
    if (matches.size() > 1) {
      throw new CloudException(
          CloudException.Kind.AMBIGUOUS,
          "",
          0,
          "server name '"
              + nameOrUuid
              + "' matches more than one server: "
              + String.join(", ", matches.stream().map(ServerDetails::uuid).toList()));
    }
    return matches.stream().findFirst();
  }

  @Override
  public synchronized ServerDetails get(String uuid) {
    enter("get");
    return existing(uuid);
  }

  @Override
  public synchronized List<ServerSummary> listByLabels(Map<String, String> labels) {
    enter("listByLabels");
    requireNonNull(labels, "labels is null");
    return servers.values().stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .map(ServerDetails::summary)
        .toList();
  }

  @Override
  public synchronized ServerDetails start(String uuid) {
    enter("start");
    ServerDetails current = existing(uuid);
    if (!"stopped".equals(current.providerState())) {
      throw stateIllegal(current);
    }
    ServerDetails started = current.withProviderState("started");
    servers.put(uuid, started);
    return started;
  }

  @Override
  public synchronized ServerDetails stop(String uuid, StopType type, Duration timeout) {
    enter("stop");
    requireNonNull(type, "type is null");
    requireNonNull(timeout, "timeout is null");
    ServerDetails current = existing(uuid);
    if (!"started".equals(current.providerState())) {
      throw stateIllegal(current);
    }
    ServerDetails stopped = current.withProviderState("stopped");
    servers.put(uuid, stopped);
    return stopped;
  }

  @Override
  public synchronized ServerDetails create(ServerSpec spec) {
    enter("create");
    requireNonNull(spec, "spec is null");
    if (!templates.containsKey(spec.templateUuid())) {
      throw new CloudException(
          CloudException.Kind.NOT_FOUND,
          "STORAGE_NOT_FOUND",
          404,
          "The storage " + spec.templateUuid() + " does not exist.");
    }
    if (spec.networkMode() == ServerSpec.NetworkMode.PRIVATE) {
      NetworkInfo network = networks.get(spec.privateNetworkUuid());
      if (network == null) {
        throw new CloudException(
            CloudException.Kind.NOT_FOUND,
            "NETWORK_NOT_FOUND",
            404,
            "The network " + spec.privateNetworkUuid() + " does not exist.");
      }
      if (!network.zone().equals(spec.zone())) {
        throw new CloudException(
            CloudException.Kind.CONFLICT,
            "ZONE_MISMATCH",
            409,
            "The network " + network.uuid() + " is not in zone " + spec.zone() + ".");
      }
    }
    createdSpecs.add(spec);
    List<NetworkInterface> nics = new ArrayList<>();
    if (spec.networkMode() == ServerSpec.NetworkMode.PRIVATE) {
      String ip = spec.privateIp() != null ? spec.privateIp() : "10.0.0." + nextHost++;
      nics.add(
          new NetworkInterface(
              1,
              "private",
              newMac(),
              spec.privateNetworkUuid(),
              List.of(new IpAddress(ip, "IPv4", ""))));
    } else {
      nics.add(
          new NetworkInterface(
              1,
              "public",
              newMac(),
              newUuid("03"),
              List.of(new IpAddress("94.237.0." + nextHost++, "IPv4", ""))));
    }
    nics.add(utilityNic(2));
    ServerDetails created =
        new ServerDetails(
            newUuid("00"),
            spec.title(),
            spec.hostname(),
            spec.zone(),
            createInitialState,
            spec.labels(),
            nics,
            addressesOf(nics),
            List.of(newUuid("01")));
    addServer(created);
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
    ServerDetails current = existing(uuid);
    if (!"stopped".equals(current.providerState())) {
      throw stateIllegal(current);
    }
    servers.remove(uuid);
    for (String storage : current.storageUuids()) {
      if (withStorages) {
        storages.remove(storage);
      } else {
        storages.put(storage, "");
      }
    }
  }

  @Override
  public synchronized void deleteStorage(String storageUuid) {
    enter("deleteStorage");
    String owner = storages.get(storageUuid);
    if (owner == null) {
      return;
    }
    if (!owner.isEmpty()) {
      throw new CloudException(
          CloudException.Kind.CONFLICT,
          "STORAGE_ATTACHED",
          409,
          "The storage " + storageUuid + " is attached to a server.");
    }
    storages.remove(storageUuid);
  }

  @Override
  public synchronized boolean storageExists(String storageUuid) {
    enter("storageExists");
    return storages.containsKey(storageUuid);
  }

  @Override
  public synchronized Optional<NetworkInfo> findNetwork(String zone, String nameOrUuid) {
    enter("findNetwork");
    requireNonNull(nameOrUuid, "nameOrUuid is null");
    if (isUuid(nameOrUuid)) {
      return Optional.ofNullable(networks.get(nameOrUuid));
    }
    List<NetworkInfo> matches =
        networks.values().stream()
            .filter(n -> "private".equals(n.type()))
            .filter(n -> n.zone().equals(zone))
            .filter(n -> n.name().equals(nameOrUuid))
            .toList();
    if (matches.size() > 1) {
      throw new CloudException(
          CloudException.Kind.AMBIGUOUS,
          "",
          0,
          "network name '"
              + nameOrUuid
              + "' matches more than one network in "
              + zone
              + ": "
              + String.join(", ", matches.stream().map(NetworkInfo::uuid).toList()));
    }
    return matches.stream().findFirst();
  }

  @Override
  public synchronized Optional<TemplateInfo> findTemplate(String titleOrUuid) {
    enter("findTemplate");
    requireNonNull(titleOrUuid, "titleOrUuid is null");
    TemplateInfo byUuid = templates.get(titleOrUuid);
    if (byUuid != null) {
      return Optional.of(byUuid);
    }
    return templates.values().stream().filter(t -> t.title().equals(titleOrUuid)).findFirst();
  }

  // ---- internals ------------------------------------------------------------------------------

  private void enter(String operation) {
    calls.merge(operation, 1, Integer::sum);
    Deque<CloudException> queued = faults.get(operation);
    if (queued != null && !queued.isEmpty()) {
      throw queued.poll();
    }
  }

  private ServerDetails existing(String uuid) {
    ServerDetails details = uuid == null ? null : servers.get(uuid);
    if (details == null) {
      throw new CloudException(
          CloudException.Kind.NOT_FOUND,
          "SERVER_NOT_FOUND",
          404,
          "The server " + uuid + " does not exist.");
    }
    return details;
  }

  private static CloudException stateIllegal(ServerDetails server) {
    return new CloudException(
        CloudException.Kind.CONFLICT,
        "SERVER_STATE_ILLEGAL",
        409,
        "The operation is not allowed while the server "
            + server.uuid()
            + " is in state '"
            + server.providerState()
            + "'.");
  }

  private NetworkInterface utilityNic(int index) {
    return new NetworkInterface(
        index,
        "utility",
        newMac(),
        newUuid("03"),
        List.of(new IpAddress("10.1." + (nextHost / 250) + "." + (nextHost++ % 250), "IPv4", "")));
  }

  /** Utility and public NIC addresses also appear in the top-level list; private ones do not. */
  private static List<IpAddress> addressesOf(List<NetworkInterface> nics) {
    return nics.stream()
        .filter(nic -> !"private".equals(nic.type()))
        .flatMap(
            nic ->
                nic.addresses().stream()
                    .map(ip -> new IpAddress(ip.address(), ip.family(), nic.type())))
        .toList();
  }

  private static boolean isUuid(String value) {
    return UUID_PATTERN.matcher(value).matches();
  }

  private static String newUuid(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(prefix.length());
  }

  private static String newMac() {
    String hex = UUID.randomUUID().toString().replace("-", "");
    return "de:ad:"
        + hex.substring(0, 2)
        + ":"
        + hex.substring(2, 4)
        + ":"
        + hex.substring(4, 6)
        + ":"
        + hex.substring(6, 8);
  }
}
