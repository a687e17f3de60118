package com.busdk.upcloud.testkit.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.upcloud.SimulatorFaults.Fault;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the UpCloud API 1.3 server, storage and network endpoints, on the JDK {@link
 * HttpServer} bound to loopback. It serves the same model as {@link InMemoryCloudServers} ({@link
 * SimulatedCloud}) in UpCloud's wire form (root keys, double-wrapped lists, "yes"/"no", numbers as
 * strings), with {@code maintenance} transitions, {@code SERVER_STATE_ILLEGAL} conflicts, storages
 * that outlive their server unless deleted with it, fault injection and request counters.
 *
 * <p>Transitions are timestamps evaluated when a server is read, so no thread sleeps; the delays
 * default to zero. Endpoint keys for {@link #count} and the fault methods look like {@code "GET
 * /server"}, {@code "GET /server/{uuid}"}, {@code "POST /server/{uuid}/start"}, {@code "DELETE
 * /storage/{uuid}"}, {@code "GET /storage/template"}, {@code "GET /network"}.
 */
public final class UpCloudSimulator implements AutoCloseable {
  public static final String DEFAULT_TOKEN = "sim-token";
  public static final String DEFAULT_ZONE = SimulatedCloud.DEFAULT_ZONE;
  public static final String DEFAULT_TEMPLATE_TITLE = "Ubuntu Server 24.04 LTS (Noble Numbat)";

  private final HttpServer http;
  private final ExecutorService executor;
  private final String token;
  private final SimulatedCloud cloud;
  private final SimulatorFaults faults = new SimulatorFaults();
  private final SimulatorRecorder recorder = new SimulatorRecorder();
  private final String defaultTemplateUuid;

  /** A request as received, without its credentials. */
  public record RecordedRequest(
      String endpoint, String method, String path, String query, String body) {}

  private UpCloudSimulator(InetSocketAddress address, String token, TimeSource time)
      throws IOException {
    this.token = requireNonNull(token, "token is null");
    this.cloud = new SimulatedCloud(time);
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
    http.createContext("/", new SimulatorHttp(cloud, faults, recorder, token));
    this.defaultTemplateUuid =
        cloud.addTemplate(
                "01000000-0000-4000-8000-000030240200", DEFAULT_TEMPLATE_TITLE, "cloud-init", 10)
            .uuid;
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
  public void setCreateDelay(Duration delay) {
    cloud.setCreateDelay(delay);
  }

  /** How long a start keeps the server in {@code maintenance}; zero answers {@code started}. */
  public void setStartDelay(Duration delay) {
    cloud.setStartDelay(delay);
  }

  /**
   * How long after a stop the server reaches {@code stopped} (in {@code maintenance} meanwhile).
   */
  public void setStopDelay(Duration delay) {
    cloud.setStopDelay(delay);
  }

  // ---- seeding ----------------------------------------------------------------------------------

  /** Adds the shared public and utility networks UpCloud has in every zone. */
  public void seedZone(String zone) {
    cloud.seedZone(zone);
  }

  /**
   * Adds a private SDN network, e.g. {@code ("ai-platform-private-fi-hel2", "fi-hel2",
   * "10.20.0.0/24")}.
   */
  public String seedPrivateNetwork(String name, String zone, String cidr) {
    synchronized (cloud) {
      cloud.seedZone(zone);
      return cloud.addNetwork(null, name, "private", zone, cidr).uuid;
    }
  }

  /** Adds a storage template; {@code templateType} is {@code cloud-init} or {@code native}. */
  public String seedTemplate(String title, String templateType) {
    return cloud.addTemplate(null, title, templateType, 10).uuid;
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
  public String seedServer(
      String title,
      String hostname,
      String state,
      Map<String, String> labels,
      String privateNetworkUuid) {
    requireNonNull(title, "title is null");
    synchronized (cloud) {
      NewServer.Nic first =
          privateNetworkUuid != null
              ? new NewServer.Nic("private", cloud.network(privateNetworkUuid).uuid, null)
              : new NewServer.Nic("public", cloud.sharedNetwork(DEFAULT_ZONE, "public").uuid, null);
      NewServer.Nic utility =
          new NewServer.Nic("utility", cloud.sharedNetwork(DEFAULT_ZONE, "utility").uuid, null);
      return cloud.addServer(title, hostname, state, labels, List.of(first, utility)).uuid;
    }
  }

  /**
   * Forces a provider state such as {@code error} or {@code maintenance}, with no pending change.
   */
  public void setState(String uuid, String state) {
    cloud.setState(uuid, state);
  }

  /** Keeps a server in {@code maintenance} for {@code duration}, then returns it to its state. */
  public void holdInMaintenance(String uuid, Duration duration) {
    cloud.holdInMaintenance(uuid, duration);
  }

  /** The current provider state of a server, or null when it does not exist. */
  public String state(String uuid) {
    synchronized (cloud) {
      return cloud.hasServer(uuid) ? cloud.server(uuid).state : null;
    }
  }

  /**
   * Waits until the server is in {@code wanted}: a transition in flight is waited out until the
   * instant it takes effect, not polled for; false after {@code timeout}.
   */
  public boolean awaitState(String uuid, String wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (cloud) {
      while (!wanted.equals(state(uuid))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        SimServer server = cloud.hasServer(uuid) ? cloud.server(uuid) : null;
        long due =
            server == null || server.pendingAt == null
                ? left
                : Math.max(1, Duration.between(cloud.now(), server.pendingAt).toNanos());
        TimeUnit.NANOSECONDS.timedWait(cloud, Math.min(left, due));
      }
      return true;
    }
  }

  // ---- fault injection --------------------------------------------------------------------------

  /**
   * The next {@code times} requests to {@code endpoint} answer {@code status} (legacy error body).
   */
  public void failNext(String endpoint, int times, int status) {
    String code = status >= 500 ? "INTERNAL_ERROR" : "SIMULATED_ERROR";
    faults.queue(endpoint, times, new Fault(status, code, null, false, false));
  }

  /** The next {@code times} requests answer 429, with {@code Retry-After} when not null. */
  public void rateLimitNext(String endpoint, int times, Duration retryAfter) {
    faults.queue(endpoint, times, new Fault(429, "TOO_MANY_REQUESTS", retryAfter, false, false));
  }

  /**
   * The next {@code times} requests to {@code endpoint} answer {@code status} with {@code
   * Retry-After} (whole seconds), as an overloaded UpCloud would.
   */
  public void failNextWithRetryAfter(String endpoint, int times, int status, Duration retryAfter) {
    requireNonNull(retryAfter, "retryAfter is null");
    faults.queue(endpoint, times, new Fault(status, "INTERNAL_ERROR", retryAfter, false, false));
  }

  /**
   * Every later request to {@code endpoint} is answered only after {@code latency} of real time, as
   * a slow UpCloud would; the request counts (and takes effect) when it arrives. {@link
   * Duration#ZERO} makes the endpoint fast again.
   */
  public void setLatency(String endpoint, Duration latency) {
    faults.setLatency(endpoint, latency);
  }

  /** The next {@code times} requests are dropped: the connection closes without an answer. */
  public void resetNext(String endpoint, int times) {
    faults.queue(endpoint, times, new Fault(0, "", null, true, false));
  }

  /** The next {@code POST /server} creates the server but answers {@code status} (tf #205). */
  public void failNextCreateAfterCreating(int status) {
    faults.queue("POST /server", 1, new Fault(status, "ACTION_FORBIDDEN", null, false, true));
  }

  /**
   * From now on, each request fails with probability {@code share}, drawn from a {@link
   * java.util.Random} seeded with {@code seed}: it is answered 500, 502 or 503 without taking
   * effect, except that half of the failing {@code POST /server} requests create the server first
   * (as UpCloud sometimes does, tf #205). Queued faults are served first. Requests made one at a
   * time meet the same faults in every run; {@code share} 0 ends the faults.
   */
  public void failRandomly(double share, long seed) {
    faults.failRandomly(share, seed);
  }

  // ---- introspection ----------------------------------------------------------------------------

  /** How many requests reached {@code endpoint} (after authentication), faults included. */
  public int count(String endpoint) {
    return recorder.count(endpoint);
  }

  /**
   * Waits until at least {@code n} requests reached {@code endpoint} (for example {@code "POST
   * /server/{uuid}/start"}); false when {@code timeout} passed first.
   */
  public boolean awaitCount(String endpoint, int n, Duration timeout) throws InterruptedException {
    return recorder.awaitCount(endpoint, n, timeout);
  }

  /** Every authenticated request, oldest first. */
  public List<RecordedRequest> requests() {
    return recorder.requests();
  }

  /** The requests to one endpoint, oldest first. */
  public List<RecordedRequest> requests(String endpoint) {
    return recorder.requests(endpoint);
  }

  /** UUIDs of the servers that exist now. */
  public Set<String> servers() {
    Set<String> result = new LinkedHashSet<>();
    cloud.servers().forEach(s -> result.add(s.uuid));
    return Set.copyOf(result);
  }

  /** UUIDs of the non-template storages that exist now, attached or not. */
  public Set<String> storages() {
    Set<String> result = new LinkedHashSet<>();
    cloud.storages().stream().filter(s -> !s.isTemplate()).forEach(s -> result.add(s.uuid));
    return Set.copyOf(result);
  }

  /**
   * What a client left behind: UUIDs of the non-template storages attached to no existing server (a
   * server deleted without its disks, or a disk whose server is gone).
   */
  public Set<String> orphanStorages() {
    Set<String> result = new LinkedHashSet<>();
    synchronized (cloud) {
      cloud.storages().stream()
          .filter(s -> !s.isTemplate())
          .filter(s -> s.attachedTo == null || !cloud.hasServer(s.attachedTo))
          .forEach(s -> result.add(s.uuid));
    }
    return Set.copyOf(result);
  }
}
