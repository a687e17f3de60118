package com.busdk.upcloud.testkit.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one model of UpCloud behind both the in-memory {@code CloudServers} fake and the HTTP
 * simulator: servers, storages and networks, and the server state machine. Start, stop and delete
 * refuse a server in the wrong state as {@link Kind#BUSY} ({@code SERVER_STATE_ILLEGAL}); deleting
 * a server keeps its disks unless asked; creates clone a template and attach NICs.
 *
 * <p>Transitions are instants on the {@link TimeSource}, applied when a server is read, so nothing
 * sleeps. A delay of zero changes the state at once; {@code null} as the create delay leaves a new
 * server in its initial state until a test moves it. Every method runs under this object's lock;
 * callers that read the mutable parts hold it too.
 */
final class SimulatedCloud {
  static final String DEFAULT_ZONE = "fi-hel2";
  static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final TimeSource time;
  private final Map<String, SimServer> servers = new LinkedHashMap<>();
  private final Map<String, SimStorage> storages = new LinkedHashMap<>();
  private final SimNetworks networks = new SimNetworks();
  private String createInitialState = "maintenance";
  private Duration createDelay = Duration.ZERO;
  private Duration startDelay = Duration.ZERO;
  private Duration stopDelay = Duration.ZERO;
  private long nextMac = 0x10;

  SimulatedCloud(TimeSource time) {
    this.time = requireNonNull(time, "time is null");
    networks.seedZone(DEFAULT_ZONE);
  }

  // ---- timing -----------------------------------------------------------------------------------

  synchronized void setCreate(String initialState, Duration delayToStarted) {
    this.createInitialState = requireNonNull(initialState, "state is null");
    this.createDelay = delayToStarted;
  }

  synchronized void setCreateDelay(Duration delay) {
    this.createDelay = requireNonNull(delay, "delay is null");
  }

  synchronized void setStartDelay(Duration delay) {
    this.startDelay = requireNonNull(delay, "delay is null");
  }

  synchronized void setStopDelay(Duration delay) {
    this.stopDelay = requireNonNull(delay, "delay is null");
  }

  Instant now() {
    return time.now();
  }

  // ---- seeding ----------------------------------------------------------------------------------

  synchronized SimStorage addTemplate(String uuid, String title, String templateType, int sizeGb) {
    SimStorage template =
        new SimStorage(
            uuid == null ? newUuid("01") : uuid,
            title,
            sizeGb,
            "template",
            templateType,
            DEFAULT_ZONE);
    storages.put(template.uuid, template);
    return template;
  }

  /** Adds a disk attached to {@code serverUuid}, or to none when it is null. */
  synchronized SimStorage addDisk(
      String uuid, String title, int sizeGb, String zone, String serverUuid) {
    SimStorage disk =
        new SimStorage(uuid == null ? newUuid("01") : uuid, title, sizeGb, "normal", "", zone);
    disk.attachedTo = serverUuid;
    storages.put(disk.uuid, disk);
    return disk;
  }

  /** Adds a server in {@code state} with the given NICs (network UUIDs) and one disk. */
  synchronized SimServer addServer(
      String title,
      String hostname,
      String state,
      Map<String, String> labels,
      List<NewServer.Nic> nics) {
    SimServer server = new SimServer(newUuid("00"), title, hostname, DEFAULT_ZONE, "1xCPU-2GB");
    server.labels.putAll(labels);
    server.state = requireNonNull(state, "state is null");
    server.created = time.now();
    for (NewServer.Nic nic : nics) {
      attach(server, nic.type(), networks.require(nic.networkUuid()), nic.address());
    }
    server.storages.add(addDisk(null, title + "-os", 10, DEFAULT_ZONE, server.uuid).uuid);
    servers.put(server.uuid, server);
    return server;
  }

  /** Adds a server exactly as described; its storages are attached disks. */
  synchronized SimServer addServer(SimServer server) {
    servers.put(server.uuid, server);
    for (String storage : server.storages) {
      SimStorage existing = storages.get(storage);
      if (existing == null) {
        addDisk(storage, server.title + "-os", 10, server.zone, server.uuid);
      } else {
        existing.attachedTo = server.uuid;
      }
    }
    return server;
  }

  /** Forces a provider state, with no pending change. */
  synchronized SimServer setState(String uuid, String state) {
    SimServer server = existingOrThrowIllegal(uuid);
    server.state = requireNonNull(state, "state is null");
    server.pendingState = null;
    return server;
  }

  /** Keeps a server in {@code maintenance} for {@code duration}, then returns it to its state. */
  synchronized void holdInMaintenance(String uuid, Duration duration) {
    SimServer server = existingOrThrowIllegal(uuid);
    Instant now = time.now();
    server.settle(now);
    String after = server.pendingState != null ? server.pendingState : server.state;
    server.state = "maintenance";
    server.pendingState = after;
    server.pendingAt = now.plus(duration);
  }

  /** Removes a server behind the client's back; its disks stay, detached. */
  synchronized void removeServer(String uuid) {
    servers.remove(uuid);
    storages.values().stream()
        .filter(s -> uuid.equals(s.attachedTo))
        .forEach(s -> s.attachedTo = null);
  }

  // ---- reads ------------------------------------------------------------------------------------

  /** The server, settled; {@link Kind#NOT_FOUND} when it does not exist. */
  synchronized SimServer server(String uuid) {
    SimServer server = uuid == null ? null : servers.get(uuid);
    if (server == null) {
      throw new CloudException(
          Kind.NOT_FOUND, "SERVER_NOT_FOUND", "The server " + uuid + " does not exist.");
    }
    server.settle(time.now());
    return server;
  }

  /** Every server, settled, in the order they were added. */
  synchronized List<SimServer> servers() {
    Instant now = time.now();
    servers.values().forEach(s -> s.settle(now));
    return List.copyOf(servers.values());
  }

  synchronized boolean hasServer(String uuid) {
    return servers.containsKey(uuid);
  }

  synchronized SimStorage storage(String uuid) {
    SimStorage storage = storages.get(uuid);
    if (storage == null) {
      throw new CloudException(
          Kind.NOT_FOUND, "STORAGE_NOT_FOUND", "The storage " + uuid + " does not exist.");
    }
    return storage;
  }

  synchronized SimStorage storageOrNull(String uuid) {
    return storages.get(uuid);
  }

  synchronized List<SimStorage> storages() {
    return List.copyOf(storages.values());
  }

  synchronized List<SimNetwork> networks() {
    return networks.all();
  }

  synchronized SimNetwork networkOrNull(String uuid) {
    return networks.byUuid(uuid);
  }

  /** A seeded network; {@link IllegalArgumentException} when there is none. */
  synchronized SimNetwork network(String uuid) {
    return networks.require(uuid);
  }

  /** The zone's shared {@code public} or {@code utility} network. */
  synchronized SimNetwork sharedNetwork(String zone, String type) {
    return networks.shared(zone, type);
  }

  /** Adds the shared public and utility networks UpCloud has in every zone. */
  synchronized void seedZone(String zone) {
    networks.seedZone(zone);
  }

  /** Adds a network; a null UUID gets a fresh one. */
  synchronized SimNetwork addNetwork(
      String uuid, String name, String type, String zone, String cidr) {
    return networks.add(uuid, name, type, zone, cidr);
  }

  // ---- operations -------------------------------------------------------------------------------

  synchronized SimServer start(String uuid) {
    SimServer server = server(uuid);
    requireState(server, "stopped");
    server.transition("started", time.now(), startDelay);
    return server;
  }

  synchronized SimServer stop(String uuid) {
    SimServer server = server(uuid);
    requireState(server, "started");
    server.transition("stopped", time.now(), stopDelay);
    return server;
  }

  synchronized void delete(String uuid, boolean withStorages) {
    SimServer server = server(uuid);
    requireState(server, "stopped");
    servers.remove(uuid);
    for (String storage : server.storages) {
      if (withStorages) {
        storages.remove(storage);
      } else if (storages.containsKey(storage)) {
        storages.get(storage).attachedTo = null;
      }
    }
  }

  synchronized void deleteStorage(String uuid) {
    SimStorage storage = storage(uuid);
    if (storage.isTemplate()) {
      throw new CloudException(
          Kind.FORBIDDEN, "STORAGE_FORBIDDEN", "The storage " + uuid + " is a public template.");
    }
    if (storage.attachedTo != null && servers.containsKey(storage.attachedTo)) {
      throw new CloudException(
          Kind.CONFLICT, "STORAGE_ATTACHED", "The storage " + uuid + " is attached to a server.");
    }
    storages.remove(uuid);
  }

  /** Creates a server in the create state, with one disk cloned from the template. */
  synchronized SimServer create(NewServer request) {
    SimStorage template = storages.get(request.disk().templateUuid());
    if (template == null || !template.isTemplate()) {
      throw new CloudException(
          Kind.NOT_FOUND,
          "STORAGE_NOT_FOUND",
          "The storage " + request.disk().templateUuid() + " does not exist.");
    }
    if (template.templateType.equals("cloud-init") && !request.metadata()) {
      throw new CloudException(
          Kind.BAD_REQUEST,
          "METADATA_DISABLED_ON_CLOUD-INIT",
          "The metadata service must be enabled for cloud-init templates.");
    }
    String zone = request.zone();
    List<NewServer.Nic> nics =
        request.nics().isEmpty()
            ? List.of(
                new NewServer.Nic("public", null, null), new NewServer.Nic("utility", null, null))
            : request.nics();
    List<SimNetwork> attached = new ArrayList<>();
    for (NewServer.Nic nic : nics) {
      attached.add(networks.forNic(nic, zone));
    }
    SimServer server =
        new SimServer(newUuid("00"), request.title(), request.hostname(), zone, request.plan());
    server.labels.putAll(request.labels());
    for (int i = 0; i < nics.size(); i++) {
      attach(server, nics.get(i).type(), attached.get(i), nics.get(i).address());
    }
    NewServer.Disk disk = request.disk();
    String diskTitle = disk.title() != null ? disk.title() : server.title + "-os";
    int size = disk.sizeGb() != null ? disk.sizeGb() : template.size;
    server.storages.add(addDisk(null, diskTitle, size, zone, server.uuid).uuid);
    server.created = time.now();
    server.state = createInitialState;
    if (createDelay != null) {
      server.pendingState = "started";
      server.pendingAt = time.now().plus(createDelay);
    }
    servers.put(server.uuid, server);
    return server;
  }

  // ---- internals --------------------------------------------------------------------------------

  private static void requireState(SimServer server, String required) {
    if (!server.state.equals(required)) {
      throw new CloudException(
          Kind.BUSY,
          "SERVER_STATE_ILLEGAL",
          "The operation is not allowed while the server "
              + server.uuid
              + " is in state '"
              + server.state
              + "'.");
    }
  }

  private SimServer existingOrThrowIllegal(String uuid) {
    SimServer server = servers.get(uuid);
    if (server == null) {
      throw new IllegalArgumentException("no such server: " + uuid);
    }
    return server;
  }

  /** Attaches a NIC; public and utility addresses also appear in the server's top-level list. */
  private void attach(SimServer server, String type, SimNetwork network, String address) {
    String ip = address != null ? address : network.allocate();
    int index = server.nics.size() + 1;
    server.nics.add(
        new NetworkInterface(
            index, type, mac(), network.uuid, List.of(new IpAddress(ip, "IPv4", ""))));
    if (!type.equals("private")) {
      server.ipAddresses.add(new IpAddress(ip, "IPv4", type));
    }
  }

  private String mac() {
    long n = nextMac++;
    return String.format(Locale.ROOT, "de:ad:be:ef:%02x:%02x", (n >> 8) & 0xff, n & 0xff);
  }

  static String newUuid(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(prefix.length());
  }
}
