package com.busdk.upcloud.testkit.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.TimeSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A local stand-in for the UpCloud API 1.3 server, storage and network endpoints, on the JDK {@link
 * HttpServer} bound to loopback. It reproduces the wire quirks (root keys, double-wrapped lists,
 * "yes"/"no", numbers as strings), the server state machine with {@code maintenance} transitions,
 * {@code SERVER_STATE_ILLEGAL} conflicts, storages that outlive their server unless deleted with
 * it, and offers fault injection and request counters for tests.
 *
 * <p>Transitions are timestamps evaluated when a server is read, so no thread sleeps; the delays
 * default to zero. Endpoint keys for {@link #count} and the fault methods look like {@code "GET
 * /server"}, {@code "GET /server/{uuid}"}, {@code "POST /server/{uuid}/start"}, {@code "DELETE
 * /storage/{uuid}"}, {@code "GET /storage/template"}, {@code "GET /network"}.
 */
public final class UpCloudSimulator implements AutoCloseable {
  public static final String DEFAULT_TOKEN = "sim-token";
  public static final String DEFAULT_ZONE = "fi-hel2";
  public static final String DEFAULT_TEMPLATE_TITLE = "Ubuntu Server 24.04 LTS (Noble Numbat)";

  private static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService executor;
  private final String token;
  private final TimeSource time;

  private final Map<String, SimServer> servers = new LinkedHashMap<>();
  private final Map<String, SimStorage> storages = new LinkedHashMap<>();
  private final Map<String, SimNetwork> networks = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<String, Duration> latencies = new HashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final String defaultTemplateUuid;
  private Duration createDelay = Duration.ZERO;
  private Duration startDelay = Duration.ZERO;
  private Duration stopDelay = Duration.ZERO;
  private long nextMac = 0x10;
  private RandomFaults randomFaults;

  /** A request as received, without its credentials. */
  public record RecordedRequest(
      String endpoint, String method, String path, String query, String body) {}

  private record Fault(
      int status, String code, Duration retryAfter, boolean reset, boolean thenCreate) {}

  /** A seeded share of requests that fail, and the random numbers that pick them. */
  private record RandomFaults(double share, Random random) {}

  private static final int[] RANDOM_FAULT_STATUSES = {500, 502, 503};

  private UpCloudSimulator(InetSocketAddress address, String token, TimeSource time)
      throws IOException {
    this.token = requireNonNull(token, "token is null");
    this.time = requireNonNull(time, "time is null");
    this.http = HttpServer.create(address, 0);
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "upcloud-simulator-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    seedZone(DEFAULT_ZONE);
    this.defaultTemplateUuid =
        seedTemplate(DEFAULT_TEMPLATE_TITLE, "cloud-init", "01000000-0000-4000-8000-000030240200");
    http.start();
  }

  /** Starts on an ephemeral loopback port with {@link #DEFAULT_TOKEN} and the system clock. */
  public static UpCloudSimulator start() {
    return start(0, DEFAULT_TOKEN, TimeSource.system());
  }

  /** Starts on {@code port} (0 for any) of 127.0.0.1, accepting {@code Bearer <token>}. */
  public static UpCloudSimulator start(int port, String token, TimeSource time) {
    try {
      return new UpCloudSimulator(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), token, time);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the UpCloud simulator on port " + port, e);
    }
  }

  /** The versioned API root, e.g. {@code http://127.0.0.1:8089/1.3}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/1.3";
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String token() {
    return token;
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  // ---- timing -----------------------------------------------------------------------------------

  /** How long a created server stays in {@code maintenance} before {@code started}. */
  public synchronized void setCreateDelay(Duration delay) {
    this.createDelay = requireNonNull(delay, "delay is null");
  }

  /** How long a start keeps the server in {@code maintenance}; zero answers {@code started}. */
  public synchronized void setStartDelay(Duration delay) {
    this.startDelay = requireNonNull(delay, "delay is null");
  }

  /**
   * How long after a stop the server reaches {@code stopped} (in {@code maintenance} meanwhile).
   */
  public synchronized void setStopDelay(Duration delay) {
    this.stopDelay = requireNonNull(delay, "delay is null");
  }

  // ---- seeding ----------------------------------------------------------------------------------

  /** Adds the shared public and utility networks UpCloud has in every zone. */
  public synchronized void seedZone(String zone) {
    boolean known =
        networks.values().stream().anyMatch(n -> n.zone.equals(zone) && !n.type.equals("private"));
    if (!known) {
      int octet =
          100 + (int) networks.values().stream().filter(n -> !n.type.equals("private")).count();
      addNetwork("Public 94.237." + octet + ".0/24", "public", zone, "94.237." + octet + ".0/24");
      addNetwork("Private 10.6." + octet + ".0/24", "utility", zone, "10.6." + octet + ".0/24");
    }
  }

  /**
   * Adds a private SDN network, e.g. {@code ("ai-platform-private-fi-hel2", "fi-hel2",
   * "10.20.0.0/24")}.
   */
  public synchronized String seedPrivateNetwork(String name, String zone, String cidr) {
    seedZone(zone);
    return addNetwork(name, "private", zone, cidr).uuid;
  }

  /** Adds a storage template; {@code templateType} is {@code cloud-init} or {@code native}. */
  public synchronized String seedTemplate(String title, String templateType) {
    return seedTemplate(title, templateType, newUuid("01"));
  }

  private synchronized String seedTemplate(String title, String templateType, String uuid) {
    SimStorage template = new SimStorage(uuid, title, 10, "template", templateType, DEFAULT_ZONE);
    storages.put(uuid, template);
    return uuid;
  }

  public String defaultTemplateUuid() {
    return defaultTemplateUuid;
  }

  /** Adds a server in {@link #DEFAULT_ZONE} whose hostname is its title. */
  public String seedServer(String title, String state) {
    return seedServer(title, title, state, Map.of(), null);
  }

  public String seedServer(String title, String state, Map<String, String> labels) {
    return seedServer(title, title, state, labels, null);
  }

  /**
   * Adds a server with a utility NIC, a public NIC or (when {@code privateNetworkUuid} is set) a
   * private NIC, and one disk. Returns its UUID.
   */
  public synchronized String seedServer(
      String title,
      String hostname,
      String state,
      Map<String, String> labels,
      String privateNetworkUuid) {
    requireNonNull(title, "title is null");
    requireNonNull(state, "state is null");
    SimServer server = new SimServer(newUuid("00"), title, hostname, DEFAULT_ZONE, "1xCPU-2GB");
    server.labels.putAll(labels);
    server.state = state;
    server.created = time.now();
    if (privateNetworkUuid != null) {
      SimNetwork net = network(privateNetworkUuid);
      addNic(server, "private", net, null);
    } else {
      addNic(server, "public", sharedNetwork(DEFAULT_ZONE, "public"), null);
    }
    addNic(server, "utility", sharedNetwork(DEFAULT_ZONE, "utility"), null);
    SimStorage disk = new SimStorage(newUuid("01"), title + "-os", 10, "normal", "", DEFAULT_ZONE);
    disk.attachedTo = server.uuid;
    storages.put(disk.uuid, disk);
    server.storages.add(disk.uuid);
    servers.put(server.uuid, server);
    return server.uuid;
  }

  /**
   * Forces a provider state such as {@code error} or {@code maintenance}, with no pending change.
   */
  public synchronized void setState(String uuid, String state) {
    SimServer server = requireServer(uuid);
    server.state = requireNonNull(state, "state is null");
    server.pendingState = null;
  }

  /** Keeps a server in {@code maintenance} for {@code duration}, then returns it to its state. */
  public synchronized void holdInMaintenance(String uuid, Duration duration) {
    SimServer server = requireServer(uuid);
    Instant now = time.now();
    server.settle(now);
    String after = server.pendingState != null ? server.pendingState : server.state;
    server.state = "maintenance";
    server.pendingState = after;
    server.pendingAt = now.plus(duration);
  }

  /** The current provider state of a server, or null when it does not exist. */
  public synchronized String state(String uuid) {
    SimServer server = servers.get(uuid);
    if (server == null) {
      return null;
    }
    server.settle(time.now());
    return server.state;
  }

  // ---- fault injection --------------------------------------------------------------------------

  /**
   * The next {@code times} requests to {@code endpoint} answer {@code status} (legacy error body).
   */
  public synchronized void failNext(String endpoint, int times, int status) {
    String code = status >= 500 ? "INTERNAL_ERROR" : "SIMULATED_ERROR";
    queue(endpoint, times, new Fault(status, code, null, false, false));
  }

  /** The next {@code times} requests answer 429, with {@code Retry-After} when not null. */
  public synchronized void rateLimitNext(String endpoint, int times, Duration retryAfter) {
    queue(endpoint, times, new Fault(429, "TOO_MANY_REQUESTS", retryAfter, false, false));
  }

  /**
   * Every later request to {@code endpoint} is answered only after {@code latency} of real time, as
   * a slow UpCloud would; the request counts (and takes effect) when it arrives. {@link
   * Duration#ZERO} makes the endpoint fast again.
   */
  public synchronized void setLatency(String endpoint, Duration latency) {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(latency, "latency is null");
    latencies.put(endpoint, latency);
  }

  /** The next {@code times} requests are dropped: the connection closes without an answer. */
  public synchronized void resetNext(String endpoint, int times) {
    queue(endpoint, times, new Fault(0, "", null, true, false));
  }

  /** The next {@code POST /server} creates the server but answers {@code status} (tf #205). */
  public synchronized void failNextCreateAfterCreating(int status) {
    queue("POST /server", 1, new Fault(status, "ACTION_FORBIDDEN", null, false, true));
  }

  /**
   * From now on, each request fails with probability {@code share}, drawn from a {@link Random}
   * seeded with {@code seed}: it is answered 500, 502 or 503 without taking effect, except that
   * half of the failing {@code POST /server} requests create the server first (as UpCloud sometimes
   * does, tf #205). Queued faults are served first. Requests made one at a time meet the same
   * faults in every run; {@code share} 0 ends the faults.
   */
  public synchronized void failRandomly(double share, long seed) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("share must be between 0 and 1: " + share);
    }
    randomFaults = share == 0 ? null : new RandomFaults(share, new Random(seed));
  }

  private Fault randomFault(String endpoint) {
    if (randomFaults == null || randomFaults.random().nextDouble() >= randomFaults.share()) {
      return null;
    }
    Random random = randomFaults.random();
    int status = RANDOM_FAULT_STATUSES[random.nextInt(RANDOM_FAULT_STATUSES.length)];
    boolean thenCreate = endpoint.equals("POST /server") && random.nextBoolean();
    return new Fault(status, "INTERNAL_ERROR", null, false, thenCreate);
  }

  private void queue(String endpoint, int times, Fault fault) {
    requireNonNull(endpoint, "endpoint is null");
    Deque<Fault> queue = faults.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(fault);
    }
  }

  // ---- introspection ----------------------------------------------------------------------------

  /** How many requests reached {@code endpoint} (after authentication), faults included. */
  public synchronized int count(String endpoint) {
    return counts.getOrDefault(endpoint, 0);
  }

  /**
   * Waits until at least {@code n} requests reached {@code endpoint} (for example {@code "POST
   * /server/{uuid}/start"}); false when {@code timeout} passed first.
   */
  public synchronized boolean awaitCount(String endpoint, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(endpoint) < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Every authenticated request, oldest first. */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests to one endpoint, oldest first. */
  public synchronized List<RecordedRequest> requests(String endpoint) {
    return requests.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
  }

  /** UUIDs of the servers that exist now. */
  public synchronized Set<String> servers() {
    return Set.copyOf(servers.keySet());
  }

  /** UUIDs of the non-template storages that exist now, attached or not. */
  public synchronized Set<String> storages() {
    Set<String> result = new LinkedHashSet<>();
    storages.values().stream()
        .filter(s -> !s.type.equals("template"))
        .forEach(s -> result.add(s.uuid));
    return Set.copyOf(result);
  }

  /**
   * What a client left behind: UUIDs of the non-template storages attached to no existing server (a
   * server deleted without its disks, or a disk whose server is gone).
   */
  public synchronized Set<String> orphanStorages() {
    Set<String> result = new LinkedHashSet<>();
    storages.values().stream()
        .filter(s -> !s.type.equals("template"))
        .filter(s -> s.attachedTo == null || !servers.containsKey(s.attachedTo))
        .forEach(s -> result.add(s.uuid));
    return Set.copyOf(result);
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String rawPath = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      String body = new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8);
      if (!rawPath.startsWith("/1.3/") && !rawPath.equals("/1.3")) {
        send(exchange, 404, error("API_VERSION_INVALID", "The API version is invalid."));
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.equals("Bearer " + token)) {
        send(
            exchange,
            401,
            error(
                "AUTHENTICATION_FAILED",
                "Authentication failed using the given username and password."));
        return;
      }
      List<String> segments = new ArrayList<>();
      for (String s : rawPath.substring("/1.3".length()).split("/")) {
        if (!s.isEmpty()) {
          segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        }
      }
      String endpoint = endpoint(method, segments);
      Response response;
      Duration latency;
      synchronized (this) {
        latency = latencies.getOrDefault(endpoint, Duration.ZERO);
        counts.merge(endpoint, 1, Integer::sum);
        requests.add(new RecordedRequest(endpoint, method, rawPath, query, body));
        notifyAll();
        Deque<Fault> queued = faults.get(endpoint);
        Fault fault = queued == null || queued.isEmpty() ? randomFault(endpoint) : queued.poll();
        if (fault != null && fault.reset()) {
          // Closing the exchange before any header is sent drops the connection.
          return;
        }
        if (fault != null && !fault.thenCreate()) {
          response = faultResponse(fault);
        } else {
          response = route(method, segments, endpoint, parseQuery(query), body);
          if (fault != null) {
            response = faultResponse(fault);
          }
        }
      }
      if (!latency.isZero()) {
        try {
          Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (response.retryAfter() != null) {
        exchange
            .getResponseHeaders()
            .add("Retry-After", Long.toString(response.retryAfter().toSeconds()));
      }
      send(exchange, response.status(), response.body());
    } catch (RuntimeException e) {
      send(
          exchange,
          500,
          error("INTERNAL_ERROR", "simulator failure: " + e.getClass().getSimpleName()));
    } finally {
      exchange.close();
    }
  }

  private record Response(int status, JsonNode body, Duration retryAfter) {
    Response(int status, JsonNode body) {
      this(status, body, null);
    }
  }

  private static Response faultResponse(Fault fault) {
    return new Response(
        fault.status(),
        error(fault.code(), "Simulated failure (HTTP " + fault.status() + ")."),
        fault.retryAfter());
  }

  private static String endpoint(String method, List<String> s) {
    StringBuilder key = new StringBuilder(method).append(' ');
    if (s.isEmpty()) {
      return key.append('/').toString();
    }
    key.append('/').append(s.get(0));
    for (int i = 1; i < s.size(); i++) {
      boolean templateList = s.get(0).equals("storage") && i == 1 && s.get(1).equals("template");
      key.append('/').append(i == 1 && !templateList ? "{uuid}" : s.get(i));
    }
    return key.toString();
  }

  private Response route(
      String method,
      List<String> s,
      String endpoint,
      Map<String, List<String>> query,
      String body) {
    return switch (endpoint) {
      case "GET /server" -> listServers(query.getOrDefault("label", List.of()));
      case "GET /server/{uuid}" ->
          withServer(s.get(1), server -> new Response(200, serverJson(server, true)));
      case "POST /server" -> createServer(body);
      case "POST /server/{uuid}/start" -> withServer(s.get(1), this::startServer);
      case "POST /server/{uuid}/stop" -> withServer(s.get(1), server -> stopServer(server, body));
      case "DELETE /server/{uuid}" -> withServer(s.get(1), server -> deleteServer(server, query));
      case "GET /storage/template" -> listTemplates();
      case "GET /storage/{uuid}" ->
          withStorage(s.get(1), st -> new Response(200, wrap("storage", storageJson(st))));
      case "DELETE /storage/{uuid}" -> withStorage(s.get(1), this::deleteStorage);
      case "GET /network" -> listNetworks(query.getOrDefault("zone", List.of()));
      case "GET /network/{uuid}" -> getNetwork(s.get(1));
      default ->
          new Response(
              method.equals("GET") || method.equals("POST") || method.equals("DELETE") ? 404 : 405,
              error("RESOURCE_NOT_FOUND", "The requested resource does not exist."));
    };
  }

  // ---- servers ----------------------------------------------------------------------------------

  private Response withServer(
      String uuid, java.util.function.Function<SimServer, Response> action) {
    if (!UUID_PATTERN.matcher(uuid).matches()) {
      return new Response(400, error("SERVER_INVALID", "The server UUID is invalid."));
    }
    SimServer server = servers.get(uuid);
    if (server == null) {
      return new Response(
          404, error("SERVER_NOT_FOUND", "The server " + uuid + " does not exist."));
    }
    server.settle(time.now());
    return action.apply(server);
  }

  private Response listServers(List<String> labelFilters) {
    ArrayNode list = JSON.createArrayNode();
    Instant now = time.now();
    for (SimServer server : servers.values()) {
      server.settle(now);
      boolean matches =
          labelFilters.stream()
              .allMatch(
                  f -> {
                    int eq = f.indexOf('=');
                    return eq < 0
                        ? server.labels.containsKey(f)
                        : f.substring(eq + 1).equals(server.labels.get(f.substring(0, eq)));
                  });
      if (matches) {
        list.add(serverJson(server, false));
      }
    }
    return new Response(200, wrap("servers", wrap("server", list)));
  }

  private Response startServer(SimServer server) {
    if (!server.state.equals("stopped")) {
      return stateIllegal(server);
    }
    if (startDelay.isZero()) {
      server.state = "started";
    } else {
      server.state = "maintenance";
      server.pendingState = "started";
      server.pendingAt = time.now().plus(startDelay);
    }
    return new Response(200, serverJson(server, true));
  }

  private Response stopServer(SimServer server, String body) {
    JsonNode request = parse(body);
    if (request == null || !request.path("stop_server").isObject() || request.size() != 1) {
      return new Response(
          400, error("UNKNOWN_ATTRIBUTE", "The request body must be a stop_server object."));
    }
    JsonNode stop = request.get("stop_server");
    String type = stop.path("stop_type").asText("soft");
    if (!type.equals("soft") && !type.equals("hard")) {
      return new Response(400, error("STOP_TYPE_INVALID", "The stop type is invalid."));
    }
    // Real UpCloud silently ignores a numeric timeout; refusing it here catches clients that send
    // one.
    if (stop.has("timeout")
        && !(stop.get("timeout").isTextual() && stop.get("timeout").asText().matches("\\d+"))) {
      return new Response(
          400, error("TIMEOUT_INVALID", "The timeout must be a string of seconds."));
    }
    if (!server.state.equals("started")) {
      return stateIllegal(server);
    }
    ObjectNode answer = serverJson(server, true);
    if (stopDelay.isZero()) {
      server.state = "stopped";
    } else {
      server.state = "maintenance";
      server.pendingState = "stopped";
      server.pendingAt = time.now().plus(stopDelay);
    }
    return new Response(200, answer);
  }

  private Response deleteServer(SimServer server, Map<String, List<String>> query) {
    if (!server.state.equals("stopped")) {
      return stateIllegal(server);
    }
    boolean withStorages = query.getOrDefault("storages", List.of()).contains("1");
    servers.remove(server.uuid);
    for (String storage : server.storages) {
      if (withStorages) {
        storages.remove(storage);
      } else if (storages.containsKey(storage)) {
        storages.get(storage).attachedTo = null;
      }
    }
    return new Response(204, null);
  }

  private Response createServer(String body) {
    JsonNode request = parse(body);
    if (request == null || !request.path("server").isObject()) {
      return new Response(
          400, error("INVALID_REQUEST", "The request body must be a server object."));
    }
    JsonNode spec = request.get("server");
    for (String[] required :
        new String[][] {
          {"zone", "ZONE_MISSING"},
          {"title", "SERVER_TITLE_MISSING"},
          {"hostname", "HOSTNAME_MISSING"}
        }) {
      if (spec.path(required[0]).asText("").isEmpty()) {
        return new Response(400, error(required[1], "The " + required[0] + " is missing."));
      }
    }
    String zone = spec.get("zone").asText();
    JsonNode devices = spec.path("storage_devices").path("storage_device");
    if (!devices.isArray() || devices.isEmpty()) {
      return new Response(
          400, error("STORAGE_DEVICES_MISSING", "The storage devices are missing."));
    }
    JsonNode device = devices.get(0);
    SimStorage template = storages.get(device.path("storage").asText(""));
    if (template == null || !template.type.equals("template")) {
      return new Response(
          404,
          error(
              "STORAGE_NOT_FOUND",
              "The storage " + device.path("storage").asText("") + " does not exist."));
    }
    if (template.templateType.equals("cloud-init")
        && !spec.path("metadata").asText("no").equals("yes")) {
      return new Response(
          400,
          error(
              "METADATA_DISABLED_ON_CLOUD-INIT",
              "The metadata service must be enabled for cloud-init templates."));
    }
    seedZone(zone);
    SimServer server =
        new SimServer(
            newUuid("00"),
            spec.get("title").asText(),
            spec.get("hostname").asText(),
            zone,
            spec.path("plan").asText("1xCPU-2GB"));
    for (JsonNode label : spec.path("labels").path("label")) {
      server.labels.put(label.path("key").asText(), label.path("value").asText());
    }
    JsonNode nics = spec.path("networking").path("interfaces").path("interface");
    if (!nics.isArray() || nics.isEmpty()) {
      addNic(server, "public", sharedNetwork(zone, "public"), null);
      addNic(server, "utility", sharedNetwork(zone, "utility"), null);
    } else {
      for (JsonNode nic : nics) {
        String type = nic.path("type").asText("");
        String address =
            nic.path("ip_addresses").path("ip_address").path(0).path("address").asText(null);
        if (type.equals("private")) {
          SimNetwork net = networks.get(nic.path("network").asText(""));
          if (net == null || !net.type.equals("private")) {
            return new Response(
                404,
                error(
                    "NETWORK_NOT_FOUND",
                    "The network " + nic.path("network").asText("") + " does not exist."));
          }
          if (!net.zone.equals(zone)) {
            return new Response(
                409,
                error(
                    "ZONE_MISMATCH", "The network " + net.uuid + " is not in zone " + zone + "."));
          }
          addNic(server, "private", net, address);
        } else if (type.equals("public") || type.equals("utility")) {
          addNic(server, type, sharedNetwork(zone, type), null);
        } else {
          return new Response(
              400, error("INTERFACE_TYPE_INVALID", "The interface type is invalid."));
        }
      }
    }
    int size = device.path("size").asInt(template.size);
    SimStorage disk =
        new SimStorage(
            newUuid("01"),
            device.path("title").asText(server.title + "-os"),
            size,
            "normal",
            "",
            zone);
    disk.attachedTo = server.uuid;
    storages.put(disk.uuid, disk);
    server.storages.add(disk.uuid);
    server.created = time.now();
    server.state = "maintenance";
    server.pendingState = "started";
    server.pendingAt = time.now().plus(createDelay);
    servers.put(server.uuid, server);
    ObjectNode answer = serverJson(server, true);
    ((ObjectNode) answer.get("server")).put("progress", "0");
    return new Response(202, answer);
  }

  private static Response stateIllegal(SimServer server) {
    return new Response(
        409,
        error(
            "SERVER_STATE_ILLEGAL",
            "The operation is not allowed while the server "
                + server.uuid
                + " is in state '"
                + server.state
                + "'."));
  }

  // ---- storages and networks --------------------------------------------------------------------

  private Response withStorage(
      String uuid, java.util.function.Function<SimStorage, Response> action) {
    if (!UUID_PATTERN.matcher(uuid).matches()) {
      return new Response(400, error("STORAGE_INVALID", "The storage UUID is invalid."));
    }
    SimStorage storage = storages.get(uuid);
    if (storage == null) {
      return new Response(
          404, error("STORAGE_NOT_FOUND", "The storage " + uuid + " does not exist."));
    }
    return action.apply(storage);
  }

  private Response deleteStorage(SimStorage storage) {
    if (storage.type.equals("template")) {
      return new Response(
          403,
          error("STORAGE_FORBIDDEN", "The storage " + storage.uuid + " is a public template."));
    }
    if (storage.attachedTo != null) {
      return new Response(
          409,
          error("STORAGE_ATTACHED", "The storage " + storage.uuid + " is attached to a server."));
    }
    storages.remove(storage.uuid);
    return new Response(204, null);
  }

  private Response listTemplates() {
    ArrayNode list = JSON.createArrayNode();
    storages.values().stream()
        .filter(s -> s.type.equals("template"))
        .forEach(s -> list.add(storageJson(s)));
    return new Response(200, wrap("storages", wrap("storage", list)));
  }

  private Response listNetworks(List<String> zones) {
    ArrayNode list = JSON.createArrayNode();
    networks.values().stream()
        .filter(n -> zones.isEmpty() || zones.contains(n.zone))
        .forEach(n -> list.add(networkJson(n)));
    return new Response(200, wrap("networks", wrap("network", list)));
  }

  private Response getNetwork(String uuid) {
    if (!UUID_PATTERN.matcher(uuid).matches()) {
      return new Response(400, error("NETWORK_INVALID", "The network UUID is invalid."));
    }
    SimNetwork network = networks.get(uuid);
    if (network == null) {
      return new Response(
          404, error("NETWORK_NOT_FOUND", "The network " + uuid + " does not exist."));
    }
    return new Response(200, wrap("network", networkJson(network)));
  }

  // ---- JSON -------------------------------------------------------------------------------------

  private ObjectNode serverJson(SimServer s, boolean details) {
    ObjectNode o = JSON.createObjectNode();
    o.put("boot_order", "disk");
    o.put("core_number", "1");
    o.put("created", s.created.getEpochSecond());
    o.put("firewall", "off");
    o.put("host", 6946046595L);
    o.put("hostname", s.hostname);
    ArrayNode labels = JSON.createArrayNode();
    s.labels.forEach((k, v) -> labels.addObject().put("key", k).put("value", v));
    o.set("labels", wrap("label", labels));
    o.put("license", 0);
    o.put("memory_amount", "2048");
    o.put("plan", s.plan);
    o.put("simple_backup", "no");
    o.put("state", s.state);
    o.set("tags", wrap("tag", JSON.createArrayNode()));
    o.put("title", s.title);
    o.put("uuid", s.uuid);
    o.put("zone", s.zone);
    if (!details) {
      return o;
    }
    o.put("metadata", "yes");
    o.put("nic_model", "virtio");
    o.put("remote_access_enabled", "no");
    o.put("timezone", "UTC");
    ArrayNode top = JSON.createArrayNode();
    ArrayNode interfaces = JSON.createArrayNode();
    for (SimNic nic : s.nics) {
      if (!nic.type.equals("private")) {
        top.addObject().put("access", nic.type).put("address", nic.address).put("family", "IPv4");
      }
      ObjectNode n = interfaces.addObject();
      n.put("bootable", "no");
      n.put("index", nic.index);
      ArrayNode addresses = JSON.createArrayNode();
      addresses.addObject().put("address", nic.address).put("family", "IPv4").put("floating", "no");
      n.set("ip_addresses", wrap("ip_address", addresses));
      n.put("mac", nic.mac);
      n.put("network", nic.network);
      n.put("source_ip_filtering", "yes");
      n.put("type", nic.type);
    }
    o.set("ip_addresses", wrap("ip_address", top));
    o.set("networking", wrap("interfaces", wrap("interface", interfaces)));
    ArrayNode devices = JSON.createArrayNode();
    int address = 0;
    for (String uuid : s.storages) {
      SimStorage st = storages.get(uuid);
      if (st == null) {
        continue;
      }
      devices
          .addObject()
          .put("address", "virtio:" + address++)
          .put("boot_disk", "0")
          .put("storage", st.uuid)
          .put("storage_size", st.size)
          .put("storage_tier", "maxiops")
          .put("storage_title", st.title)
          .put("type", "disk");
    }
    o.set("storage_devices", wrap("storage_device", devices));
    return wrap("server", o);
  }

  private ObjectNode storageJson(SimStorage s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("access", s.type.equals("template") ? "public" : "private");
    o.put("encrypted", "no");
    o.set("labels", JSON.createArrayNode());
    o.put("license", 0);
    o.put("size", s.size);
    o.put("state", "online");
    if (s.type.equals("template")) {
      o.put("template_type", s.templateType);
    } else {
      o.put("tier", "maxiops");
      o.put("zone", s.zone);
      ArrayNode attached = JSON.createArrayNode();
      if (s.attachedTo != null) {
        attached.add(s.attachedTo);
      }
      o.set("servers", wrap("server", attached));
    }
    o.put("title", s.title);
    o.put("type", s.type);
    o.put("uuid", s.uuid);
    return o;
  }

  private ObjectNode networkJson(SimNetwork n) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode ipNetworks = JSON.createArrayNode();
    ObjectNode ip = ipNetworks.addObject();
    ip.put("address", n.cidr);
    ip.put("dhcp", "yes");
    ip.put("dhcp_default_route", n.type.equals("public") ? "yes" : "no");
    ip.put("family", "IPv4");
    ip.put("gateway", n.host(1));
    o.set("ip_networks", wrap("ip_network", ipNetworks));
    o.put("name", n.name);
    if (n.type.equals("private")) {
      ArrayNode attached = JSON.createArrayNode();
      for (SimServer s : servers.values()) {
        if (s.nics.stream().anyMatch(nic -> nic.network.equals(n.uuid))) {
          attached.addObject().put("title", s.title).put("uuid", s.uuid);
        }
      }
      o.set("servers", wrap("server", attached));
    }
    o.put("type", n.type);
    o.put("uuid", n.uuid);
    o.put("zone", n.zone);
    return o;
  }

  private static ObjectNode wrap(String key, JsonNode value) {
    ObjectNode o = JSON.createObjectNode();
    o.set(key, value);
    return o;
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.put("error_code", code);
    e.put("error_message", message);
    return wrap("error", e);
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> result = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  // ---- model ------------------------------------------------------------------------------------

  private SimServer requireServer(String uuid) {
    SimServer server = servers.get(uuid);
    if (server == null) {
      throw new IllegalArgumentException("no such server: " + uuid);
    }
    return server;
  }

  private SimNetwork network(String uuid) {
    SimNetwork network = networks.get(uuid);
    if (network == null) {
      throw new IllegalArgumentException("no such network: " + uuid);
    }
    return network;
  }

  private SimNetwork sharedNetwork(String zone, String type) {
    return networks.values().stream()
        .filter(n -> n.zone.equals(zone) && n.type.equals(type))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + type + " network in " + zone));
  }

  private SimNetwork addNetwork(String name, String type, String zone, String cidr) {
    SimNetwork network = new SimNetwork(newUuid("03"), name, type, zone, cidr);
    networks.put(network.uuid, network);
    return network;
  }

  private void addNic(SimServer server, String type, SimNetwork network, String address) {
    String ip = address != null ? address : network.allocate();
    server.nics.add(new SimNic(server.nics.size() + 1, type, mac(), network.uuid, ip));
  }

  private String mac() {
    long n = nextMac++;
    return String.format(Locale.ROOT, "de:ad:be:ef:%02x:%02x", (n >> 8) & 0xff, n & 0xff);
  }

  private static String newUuid(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(prefix.length());
  }

  private static final class SimServer {
    final String uuid;
    final String title;
    final String hostname;
    final String zone;
    final String plan;
    final Map<String, String> labels = new LinkedHashMap<>();
    final List<SimNic> nics = new ArrayList<>();
    final List<String> storages = new ArrayList<>();
    Instant created = Instant.EPOCH;
    String state = "stopped";
    String pendingState;
    Instant pendingAt;

    SimServer(String uuid, String title, String hostname, String zone, String plan) {
      this.uuid = uuid;
      this.title = title;
      this.hostname = hostname == null ? title : hostname;
      this.zone = zone;
      this.plan = plan;
    }

    void settle(Instant now) {
      if (pendingState != null && !now.isBefore(pendingAt)) {
        state = pendingState;
        pendingState = null;
        pendingAt = null;
      }
    }
  }

  private record SimNic(int index, String type, String mac, String network, String address) {}

  private static final class SimStorage {
    final String uuid;
    final String title;
    final int size;
    final String type;
    final String templateType;
    final String zone;
    String attachedTo;

    SimStorage(String uuid, String title, int size, String type, String templateType, String zone) {
      this.uuid = uuid;
      this.title = title;
      this.size = size;
      this.type = type;
      this.templateType = templateType;
      this.zone = zone;
    }
  }

  private static final class SimNetwork {
    final String uuid;
    final String name;
    final String type;
    final String zone;
    final String cidr;
    private final long base;
    private int nextHost = 2;

    SimNetwork(String uuid, String name, String type, String zone, String cidr) {
      this.uuid = uuid;
      this.name = name;
      this.type = type;
      this.zone = zone;
      this.cidr = cidr;
      String[] octets = cidr.split("/")[0].split("\\.");
      long value = 0;
      for (String octet : octets) {
        value = (value << 8) | Integer.parseInt(octet);
      }
      this.base = value;
    }

    String allocate() {
      return host(nextHost++);
    }

    String host(int offset) {
      long v = base + offset;
      return ((v >> 24) & 0xff)
          + "."
          + ((v >> 16) & 0xff)
          + "."
          + ((v >> 8) & 0xff)
          + "."
          + (v & 0xff);
    }
  }
}
