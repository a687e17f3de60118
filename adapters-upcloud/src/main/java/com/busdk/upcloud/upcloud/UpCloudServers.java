package com.busdk.upcloud.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import com.busdk.upcloud.upcloud.UpCloudWire.Network;
import com.busdk.upcloud.upcloud.UpCloudWire.Server;
import com.busdk.upcloud.upcloud.UpCloudWire.Storage;
import feign.FeignException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudServers} over UpCloud API 1.3.
 *
 * <p>Retries live in the Feign client ({@link UpCloudRetryer}): reads and start/stop/delete calls
 * are retried on 5xx, 429 and connection failures, {@code POST /server} never. Response bodies are
 * never logged because create answers can contain passwords.
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

  /** How many server names are remembered: the worker resolves a handful (its VM, its runner). */
  static final int NAME_CACHE_ENTRIES = 64;

  /** How many bytes of server names (and their UUIDs) are remembered. */
  static final long NAME_CACHE_BYTES = 64 * 1024;

  private final UpCloudApi api;
  private final NameCache uuidByName = new NameCache(NAME_CACHE_ENTRIES, NAME_CACHE_BYTES);
  private final Map<String, CompletableFuture<Optional<ServerDetails>>> resolving =
      new ConcurrentHashMap<>();

  private UpCloudServers(UpCloudApi api) {
    this.api = api;
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
    return new UpCloudServers(UpCloudClient.api(settings, token, calls));
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
      throw new CloudException(Kind.IO, "", "interrupted while resolving server " + name, e);
    } catch (ExecutionException e) {
      // Each caller gets its own exception: one instance thrown on many threads is shared state.
      if (e.getCause() instanceof CloudException failure) {
        throw new CloudException(
            failure.kind(), failure.errorCode(), failure.getMessage(), failure);
      }
      throw new CloudException(
          Kind.PROVIDER, "", "resolving server " + name + " failed", e.getCause());
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
            .filter(
                s -> s.head() != null && matchesName(s.head().title(), s.head().hostname(), name))
            .toList();
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    if (matches.size() > 1) {
      throw new CloudException(
          Kind.AMBIGUOUS,
          "",
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
      return UpCloudMapping.details(call("GET /server/{uuid}", () -> api.getServer(id)));
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
        .map(UpCloudMapping::summary)
        // The API filters already; checking again keeps a filter we could not express from
        // selecting someone else's server.
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  @Override
  public ServerDetails start(String uuid) {
    String id = safeId(uuid, "SERVER_INVALID");
    Map<String, Object> body = Map.of("server", Map.of());
    return UpCloudMapping.details(
        call("POST /server/{uuid}/start", () -> api.startServer(id, body)));
  }

  @Override
  public ServerDetails stop(String uuid, StopType type, Duration timeout) {
    String id = safeId(uuid, "SERVER_INVALID");
    Object body = UpCloudRequests.stop(type, timeout);
    return UpCloudMapping.details(call("POST /server/{uuid}/stop", () -> api.stopServer(id, body)));
  }

  @Override
  public ServerDetails create(ServerSpec spec) {
    requireNonNull(spec, "spec is null");
    Object body = UpCloudRequests.create(spec);
    ServerDetails created =
        UpCloudMapping.details(call("POST /server", () -> api.createServer(body)));
    LOG.info("UpCloud accepted server {} ({}) in {}", created.uuid(), spec.title(), spec.zone());
    return created;
  }

  @Override
  public void delete(String uuid, boolean withStorages) {
    String id = safeId(uuid, "SERVER_INVALID");
    call(
        "DELETE /server/{uuid}",
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
    var envelope = call("GET /storage/template", api::listTemplates);
    List<Storage> storages =
        envelope == null || envelope.storages() == null
            ? List.of()
            : UpCloudWire.orEmpty(envelope.storages().storage());
    Optional<Storage> byUuid =
        storages.stream().filter(s -> titleOrUuid.equals(s.uuid())).findFirst();
    return byUuid
        .or(() -> storages.stream().filter(s -> titleOrUuid.equals(s.title())).findFirst())
        .map(UpCloudMapping::template);
  }

  // ---- networks -------------------------------------------------------------------------------

  @Override
  public Optional<NetworkInfo> findNetwork(String zone, String nameOrUuid) {
    requireNonNull(zone, "zone is null");
    requireNonNull(nameOrUuid, "nameOrUuid is null");
    if (UUID_PATTERN.matcher(nameOrUuid).matches()) {
      try {
        var envelope = call("GET /network/{uuid}", () -> api.getNetwork(nameOrUuid));
        return Optional.ofNullable(envelope == null ? null : envelope.network())
            .map(UpCloudMapping::network);
      } catch (CloudException e) {
        if (e.kind() == Kind.NOT_FOUND) {
          return Optional.empty();
        }
        throw e;
      }
    }
    var envelope = call("GET /network", () -> api.listNetworks(zone));
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
          "network name '"
              + nameOrUuid
              + "' matches more than one private network in "
              + zone
              + ": "
              + String.join(", ", matches.stream().map(Network::uuid).toList()));
    }
    return matches.stream().findFirst().map(UpCloudMapping::network);
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
            () ->
                encodedFilters.isEmpty() ? api.listAllServers() : api.listServers(encodedFilters));
    return envelope == null || envelope.servers() == null
        ? List.of()
        : UpCloudWire.orEmpty(envelope.servers().server());
  }

  /**
   * Runs one API call; the Feign client has retried what was worth retrying. A body that does not
   * decode is a {@link Kind#PROVIDER} failure.
   */
  private static <T> T call(String endpoint, Supplier<T> request) {
    try {
      return request.get();
    } catch (FeignException e) {
      throw new CloudException(
          Kind.PROVIDER, "", "UpCloud answered " + endpoint + " with a malformed response", e);
    }
  }

  private static String safeId(String id, String errorCode) {
    if (id == null || !SAFE_ID.matcher(id).matches()) {
      throw new CloudException(Kind.BAD_REQUEST, errorCode, "not a valid UpCloud UUID: " + id);
    }
    return id;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean matchesName(String title, String hostname, String name) {
    return name.equals(title) || name.equals(hostname);
  }
}
