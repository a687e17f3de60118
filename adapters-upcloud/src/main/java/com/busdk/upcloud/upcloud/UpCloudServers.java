package com.busdk.upcloud.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.upcloud.UpCloudWire.Interface;
import com.busdk.upcloud.upcloud.UpCloudWire.IpAddressList;
import com.busdk.upcloud.upcloud.UpCloudWire.Network;
import com.busdk.upcloud.upcloud.UpCloudWire.Server;
import com.busdk.upcloud.upcloud.UpCloudWire.ServerEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.Storage;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.RequestTemplate;
import feign.Response;
import feign.RetryableException;
import feign.Retryer;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudServers} over UpCloud API 1.3.
 *
 * <p>Reads and start/stop/delete calls are retried with exponential backoff on 5xx, 429 (honouring
 * {@code Retry-After}) and connection failures. {@code POST /server} is never retried: it is not
 * idempotent, and a create that failed on the wire may still have created a server, which the
 * caller reconciles by label. Response bodies are never logged because create answers can contain
 * passwords.
 *
 * <p>A name is resolved to a UUID by listing the servers, which is slow on a busy account; so the
 * answer is remembered (in a cache bounded by count and bytes), and concurrent resolutions of one
 * name share a single lookup instead of each listing the servers again.
 */
public final class UpCloudServers implements CloudServers {
  private static final Logger LOG = LoggerFactory.getLogger(UpCloudServers.class);

  private static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  /** Path segments we build from caller input; anything else could escape the resource path. */
  private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);

  /** How many server names are remembered: the worker resolves a handful (its VM, its runner). */
  static final int NAME_CACHE_ENTRIES = 64;

  /** How many bytes of server names (and their UUIDs) are remembered. */
  static final long NAME_CACHE_BYTES = 64 * 1024;

  private final UpCloudApi api;
  private final UpCloudToken token;
  private final TimeSource time;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final NameCache uuidByName = new NameCache(NAME_CACHE_ENTRIES, NAME_CACHE_BYTES);
  private final Map<String, CompletableFuture<Optional<ServerDetails>>> resolving =
      new ConcurrentHashMap<>();

  private UpCloudServers(UpCloudApi api, UpCloudToken token, UpCloudSettings settings) {
    this.api = api;
    this.token = token;
    this.time = settings.timeSource();
    this.maxRetries = settings.maxRetries();
    this.retryBaseDelay = settings.retryBaseDelay();
  }

  /** Builds the adapter; no request is made until a method is called. */
  public static CloudServers create(UpCloudSettings settings) {
    requireNonNull(settings, "settings is null");
    return create(settings, UpCloudToken.fixed(settings.token()), UpCloudCallListener.NONE);
  }

  /**
   * Builds the adapter with the token taken from {@code token} on every request (a 401 is repeated
   * once when the token source renews the token) and every HTTP exchange reported to {@code calls}.
   * {@code settings.token()} is not used.
   */
  public static CloudServers create(
      UpCloudSettings settings, UpCloudToken token, UpCloudCallListener calls) {
    requireNonNull(settings, "settings is null");
    requireNonNull(token, "token is null");
    requireNonNull(calls, "calls is null");
    ObjectMapper mapper = mapper();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    UpCloudApi api =
        Feign.builder()
            .client(observed(new Http2Client(http), calls))
            .encoder(new JacksonEncoder(mapper))
            .decoder(new JacksonDecoder(mapper))
            .errorDecoder(new UpCloudErrorDecoder(mapper, token::current))
            .retryer(Retryer.NEVER_RETRY)
            .options(
                new Request.Options(
                    settings.connectTimeout().toMillis(),
                    TimeUnit.MILLISECONDS,
                    settings.requestTimeout().toMillis(),
                    TimeUnit.MILLISECONDS,
                    false))
            .requestInterceptor(
                template -> template.header("Authorization", "Bearer " + token.current()))
            .target(UpCloudApi.class, settings.baseUrl());
    return new UpCloudServers(api, token, settings);
  }

  /** Reports each exchange's operation, status and time to {@code calls}. */
  private static Client observed(Client delegate, UpCloudCallListener calls) {
    return (request, options) -> {
      long started = System.nanoTime();
      int status = 0;
      try {
        Response response = delegate.execute(request, options);
        status = response.status();
        return response;
      } finally {
        calls.called(operation(request), status, Duration.ofNanos(System.nanoTime() - started));
      }
    };
  }

  /**
   * The {@link UpCloudApi} method behind a request: {@code UpCloudApi#getServer(String)} →
   * getServer.
   */
  private static String operation(Request request) {
    RequestTemplate template = request.requestTemplate();
    String key =
        template == null || template.methodMetadata() == null
            ? ""
            : template.methodMetadata().configKey();
    int hash = key.indexOf('#');
    int paren = key.indexOf('(');
    if (hash >= 0 && paren > hash) {
      return key.substring(hash + 1, paren);
    }
    return request.httpMethod().name();
  }

  static ObjectMapper mapper() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
        .build();
  }

  // ---- servers --------------------------------------------------------------------------------

  @Override
  public Optional<ServerDetails> find(String nameOrUuid) {
    requireNonNull(nameOrUuid, "nameOrUuid is null");
    if (UUID_PATTERN.matcher(nameOrUuid).matches()) {
      return getIfExists(nameOrUuid);
    }
    CompletableFuture<Optional<ServerDetails>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<ServerDetails>> inFlight = resolving.putIfAbsent(nameOrUuid, mine);
    if (inFlight != null) {
      return await(inFlight, nameOrUuid);
    }
    try {
      Optional<ServerDetails> found = resolve(nameOrUuid);
      mine.complete(found);
      return found;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      resolving.remove(nameOrUuid, mine);
    }
  }

  /** The answer of a lookup another caller started; it is bounded by that caller's timeouts. */
  private static Optional<ServerDetails> await(
      CompletableFuture<Optional<ServerDetails>> lookup, String name) {
    try {
      return lookup.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(Kind.IO, "", 0, "interrupted while resolving server " + name, e);
    } catch (ExecutionException e) {
      // Each caller gets its own exception: one instance thrown on many threads is shared state.
      if (e.getCause() instanceof CloudException failure) {
        throw new CloudException(
            failure.kind(),
            failure.errorCode(),
            failure.httpStatus(),
            failure.getMessage(),
            failure);
      }
      throw new CloudException(
          Kind.PROVIDER, "", 0, "resolving server " + name + " failed", e.getCause());
    }
  }

  private Optional<ServerDetails> resolve(String name) {
    String cached = uuidByName.get(name);
    if (cached != null) {
      Optional<ServerDetails> hit = getIfExists(cached);
      if (hit.isPresent() && matchesName(hit.get().title(), hit.get().hostname(), name)) {
        return hit;
      }
      uuidByName.remove(name, cached);
    }
    List<Server> matches =
        listServers(List.of()).stream()
            .filter(s -> matchesName(s.title(), s.hostname(), name))
            .toList();
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    if (matches.size() > 1) {
      throw new CloudException(
          Kind.AMBIGUOUS,
          "",
          0,
          "server name '"
              + name
              + "' matches more than one server: "
              + String.join(", ", matches.stream().map(Server::uuid).toList()));
    }
    String uuid = matches.get(0).uuid();
    Optional<ServerDetails> found = getIfExists(uuid);
    found.ifPresent(details -> uuidByName.put(name, uuid));
    return found;
  }

  @Override
  public ServerDetails get(String uuid) {
    String id = safeId(uuid, "SERVER_INVALID");
    try {
      return details(call("GET /server/{uuid}", true, () -> api.getServer(id)));
    } catch (CloudException e) {
      if (e.kind() == Kind.NOT_FOUND) {
        uuidByName.removeUuid(id);
      }
      throw e;
    }
  }

  @Override
  public List<ServerSummary> listByLabels(Map<String, String> labels) {
    requireNonNull(labels, "labels is null");
    List<String> filters = new ArrayList<>();
    labels.forEach((key, value) -> filters.add(encode(key + "=" + value)));
    return listServers(filters).stream()
        .map(UpCloudServers::summary)
        // The API filters already; checking again keeps a filter we could not express from
        // selecting someone else's server.
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  @Override
  public ServerDetails start(String uuid) {
    String id = safeId(uuid, "SERVER_INVALID");
    Map<String, Object> body = Map.of("server", Map.of());
    return details(call("POST /server/{uuid}/start", true, () -> api.startServer(id, body)));
  }

  @Override
  public ServerDetails stop(String uuid, StopType type, Duration timeout) {
    String id = safeId(uuid, "SERVER_INVALID");
    Object body = UpCloudRequests.stop(type, timeout);
    return details(call("POST /server/{uuid}/stop", true, () -> api.stopServer(id, body)));
  }

  @Override
  public ServerDetails create(ServerSpec spec) {
    requireNonNull(spec, "spec is null");
    Object body = UpCloudRequests.create(spec);
    ServerDetails created = details(call("POST /server", false, () -> api.createServer(body)));
    LOG.info("UpCloud accepted server {} ({}) in {}", created.uuid(), spec.title(), spec.zone());
    return created;
  }

  @Override
  public void delete(String uuid, boolean withStorages) {
    String id = safeId(uuid, "SERVER_INVALID");
    call(
        "DELETE /server/{uuid}",
        true,
        () -> {
          if (withStorages) {
            api.deleteServerAndStorages(id);
          } else {
            api.deleteServer(id);
          }
          return null;
        });
    uuidByName.removeUuid(id);
  }

  // ---- storages -------------------------------------------------------------------------------

  @Override
  public void deleteStorage(String storageUuid) {
    String id = safeId(storageUuid, "STORAGE_INVALID");
    try {
      call(
          "DELETE /storage/{uuid}",
          true,
          () -> {
            api.deleteStorage(id);
            return null;
          });
    } catch (CloudException e) {
      if (e.kind() != Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public boolean storageExists(String storageUuid) {
    String id = safeId(storageUuid, "STORAGE_INVALID");
    try {
      call(
          "GET /storage/{uuid}",
          true,
          () -> {
            api.getStorage(id);
            return null;
          });
      return true;
    } catch (CloudException e) {
      if (e.kind() == Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<TemplateInfo> findTemplate(String titleOrUuid) {
    requireNonNull(titleOrUuid, "titleOrUuid is null");
    var envelope = call("GET /storage/template", true, api::listTemplates);
    List<Storage> storages =
        envelope == null || envelope.storages() == null
            ? List.of()
            : UpCloudWire.orEmpty(envelope.storages().storage());
    Optional<Storage> byUuid =
        storages.stream().filter(s -> titleOrUuid.equals(s.uuid())).findFirst();
    return byUuid
        .or(() -> storages.stream().filter(s -> titleOrUuid.equals(s.title())).findFirst())
        .map(
            s ->
                new TemplateInfo(
                    s.uuid(), s.title(), s.templateType(), s.size() == null ? 0 : s.size()));
  }

  // ---- networks -------------------------------------------------------------------------------

  @Override
  public Optional<NetworkInfo> findNetwork(String zone, String nameOrUuid) {
    requireNonNull(zone, "zone is null");
    requireNonNull(nameOrUuid, "nameOrUuid is null");
    if (UUID_PATTERN.matcher(nameOrUuid).matches()) {
      try {
        var envelope = call("GET /network/{uuid}", true, () -> api.getNetwork(nameOrUuid));
        return Optional.ofNullable(envelope == null ? null : envelope.network())
            .map(UpCloudServers::network);
      } catch (CloudException e) {
        if (e.kind() == Kind.NOT_FOUND) {
          return Optional.empty();
        }
        throw e;
      }
    }
    var envelope = call("GET /network", true, () -> api.listNetworks(zone));
    List<Network> networks =
        envelope == null || envelope.networks() == null
            ? List.of()
            : UpCloudWire.orEmpty(envelope.networks().network());
    List<Network> matches =
        networks.stream()
            .filter(n -> "private".equals(n.type()))
            .filter(n -> zone.equals(n.zone()))
            .filter(n -> nameOrUuid.equals(n.name()))
            .toList();
    if (matches.size() > 1) {
      throw new CloudException(
          Kind.AMBIGUOUS,
          "",
          0,
          "network name '"
              + nameOrUuid
              + "' matches more than one private network in "
              + zone
              + ": "
              + String.join(", ", matches.stream().map(Network::uuid).toList()));
    }
    return matches.stream().findFirst().map(UpCloudServers::network);
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private Optional<ServerDetails> getIfExists(String uuid) {
    try {
      return Optional.of(get(uuid));
    } catch (CloudException e) {
      if (e.kind() == Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private List<Server> listServers(List<String> encodedFilters) {
    // Feign renders an empty filter list as a blank "label=" parameter, which filters everything.
    var envelope =
        call(
            "GET /server",
            true,
            () ->
                encodedFilters.isEmpty() ? api.listAllServers() : api.listServers(encodedFilters));
    return envelope == null || envelope.servers() == null
        ? List.of()
        : UpCloudWire.orEmpty(envelope.servers().server());
  }

  /**
   * Runs one API call. Transient failures (5xx, 429, connection errors) are retried when {@code
   * retryable}; everything else surfaces at once as a {@link CloudException}.
   */
  private <T> T call(String endpoint, boolean retryable, Supplier<T> request) {
    boolean renewed = false;
    for (int attempt = 0; ; attempt++) {
      CloudException failure;
      String sent = token.current();
      try {
        return request.get();
      } catch (CloudException e) {
        if (e.kind() == Kind.UNAUTHORIZED && !renewed && token.renewAfterRefusal(sent)) {
          // A rotated token file: the same call once more with the new token; not a retry.
          LOG.info("UpCloud refused {} (401); repeating it with the renewed token", endpoint);
          renewed = true;
          attempt--;
          continue;
        }
        failure = e;
      } catch (RetryableException e) {
        failure =
            new CloudException(
                Kind.IO,
                "",
                0,
                "UpCloud request " + endpoint + " failed: " + rootMessage(e),
                e.getCause() != null ? e.getCause() : e);
      } catch (FeignException e) {
        failure =
            new CloudException(
                Kind.PROVIDER,
                "",
                e.status() > 0 ? e.status() : 0,
                "UpCloud answered " + endpoint + " with a malformed response",
                e);
      }
      if (!retryable || attempt >= maxRetries || !isTransient(failure)) {
        throw failure;
      }
      Duration delay = delayFor(failure, attempt);
      LOG.warn(
          "UpCloud {} failed ({}), retry {}/{} in {} ms",
          endpoint,
          failure.httpStatus() > 0 ? "HTTP " + failure.httpStatus() : failure.kind(),
          attempt + 1,
          maxRetries,
          delay.toMillis());
      try {
        time.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudException(
            Kind.IO, "", 0, "interrupted while retrying UpCloud " + endpoint, e);
      }
    }
  }

  private static boolean isTransient(CloudException e) {
    return (e.kind() == Kind.PROVIDER && e.httpStatus() >= 500)
        || e.kind() == Kind.RATE_LIMITED
        || e.kind() == Kind.IO;
  }

  private Duration delayFor(CloudException failure, int attempt) {
    if (failure instanceof UpCloudFailure upcloud && upcloud.retryAfter().isPresent()) {
      return min(upcloud.retryAfter().get(), MAX_RETRY_DELAY);
    }
    Duration backoff = retryBaseDelay.multipliedBy(1L << Math.min(attempt, 16));
    return min(backoff, MAX_RETRY_DELAY);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String safeId(String id, String errorCode) {
    if (id == null || !SAFE_ID.matcher(id).matches()) {
      throw new CloudException(Kind.BAD_REQUEST, errorCode, 0, "not a valid UpCloud UUID: " + id);
    }
    return id;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean matchesName(String title, String hostname, String name) {
    return name.equals(title) || name.equals(hostname);
  }

  // ---- mapping --------------------------------------------------------------------------------

  static ServerDetails details(ServerEnvelope envelope) {
    if (envelope == null || envelope.server() == null || envelope.server().uuid() == null) {
      throw new CloudException(Kind.PROVIDER, "", 0, "UpCloud answered without a server object");
    }
    Server s = envelope.server();
    List<NetworkInterface> nics = new ArrayList<>();
    if (s.networking() != null && s.networking().interfaces() != null) {
      for (Interface nic : UpCloudWire.orEmpty(s.networking().interfaces().interfaces())) {
        nics.add(
            new NetworkInterface(
                nic.index() == null ? 0 : nic.index(),
                nic.type(),
                nic.mac(),
                nic.network(),
                addresses(nic.ipAddresses())));
      }
    }
    List<String> storages = new ArrayList<>();
    if (s.storageDevices() != null) {
      for (var device : UpCloudWire.orEmpty(s.storageDevices().storageDevice())) {
        // CD-ROM devices point at shared public media that is never ours to delete.
        if (device.storage() != null && (device.type() == null || "disk".equals(device.type()))) {
          storages.add(device.storage());
        }
      }
    }
    return new ServerDetails(
        s.uuid(),
        s.title(),
        s.hostname(),
        s.zone(),
        s.state(),
        UpCloudWire.labels(s.labels()),
        nics,
        addresses(s.ipAddresses()),
        storages);
  }

  static ServerSummary summary(Server s) {
    return new ServerSummary(
        s.uuid(), s.title(), s.hostname(), s.zone(), s.state(), UpCloudWire.labels(s.labels()));
  }

  static NetworkInfo network(Network n) {
    return new NetworkInfo(n.uuid(), n.name(), n.type(), n.zone());
  }

  private static List<IpAddress> addresses(IpAddressList list) {
    if (list == null) {
      return List.of();
    }
    List<IpAddress> result = new ArrayList<>();
    for (var ip : UpCloudWire.orEmpty(list.ipAddress())) {
      if (ip.address() != null) {
        result.add(new IpAddress(ip.address(), ip.family(), ip.access()));
      }
    }
    return result;
  }
}
