package com.busdk.upcloud.testkit.upcloud;

import static com.busdk.upcloud.testkit.upcloud.SimulatorJson.JSON;
import static com.busdk.upcloud.testkit.upcloud.SimulatorJson.error;
import static com.busdk.upcloud.testkit.upcloud.SimulatorJson.wrap;

import com.busdk.upcloud.ports.CloudException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The simulator's endpoints: reads an UpCloud request, applies it to the {@link SimulatedCloud} and
 * renders the answer. Model failures become UpCloud's status and legacy error body.
 */
final class SimulatorRoutes {
  /** An answer: status, body (null for none) and an optional {@code Retry-After}. */
  record Response(int status, JsonNode body, Duration retryAfter) {
    Response(int status, JsonNode body) {
      this(status, body, null);
    }
  }

  private final SimulatedCloud cloud;
  private final SimulatorJson json;

  SimulatorRoutes(SimulatedCloud cloud, SimulatorJson json) {
    this.cloud = cloud;
    this.json = json;
  }

  /**
   * The endpoint key of a request: {@code "GET /server/{uuid}"}, {@code "GET /storage/template"}.
   */
  static String endpoint(String method, List<String> s) {
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

  Response route(
      String method,
      List<String> s,
      String endpoint,
      Map<String, List<String>> query,
      String body) {
    return switch (endpoint) {
      case "GET /server" -> listServers(query.getOrDefault("label", List.of()));
      case "GET /server/{uuid}" ->
          answer(s.get(1), "SERVER", 200, () -> json.server(cloud.server(s.get(1)), true));
      case "POST /server" -> guarded(() -> createServer(body));
      case "POST /server/{uuid}/start" ->
          answer(s.get(1), "SERVER", 200, () -> json.server(cloud.start(s.get(1)), true));
      case "POST /server/{uuid}/stop" -> guarded(() -> stopServer(s.get(1), body));
      case "DELETE /server/{uuid}" ->
          answer(
              s.get(1),
              "SERVER",
              204,
              () -> {
                cloud.delete(s.get(1), query.getOrDefault("storages", List.of()).contains("1"));
                return null;
              });
      case "GET /storage/template" -> listTemplates();
      case "GET /storage/{uuid}" ->
          answer(
              s.get(1),
              "STORAGE",
              200,
              () -> wrap("storage", json.storage(cloud.storage(s.get(1)))));
      case "DELETE /storage/{uuid}" ->
          answer(
              s.get(1),
              "STORAGE",
              204,
              () -> {
                cloud.deleteStorage(s.get(1));
                return null;
              });
      case "GET /network" -> listNetworks(query.getOrDefault("zone", List.of()));
      case "GET /network/{uuid}" -> answer(s.get(1), "NETWORK", 200, () -> getNetwork(s.get(1)));
      default ->
          new Response(
              method.equals("GET") || method.equals("POST") || method.equals("DELETE") ? 404 : 405,
              error("RESOURCE_NOT_FOUND", "The requested resource does not exist."));
    };
  }

  /** Checks the UUID in the path, then answers {@code status} with what {@code action} renders. */
  private static Response answer(
      String uuid, String resource, int status, Supplier<JsonNode> action) {
    if (!SimulatedCloud.UUID_PATTERN.matcher(uuid).matches()) {
      return invalidUuid(resource);
    }
    return guarded(() -> new Response(status, action.get()));
  }

  private static Response invalidUuid(String resource) {
    String name = resource.toLowerCase(Locale.ROOT);
    return new Response(400, error(resource + "_INVALID", "The " + name + " UUID is invalid."));
  }

  private static Response guarded(Supplier<Response> action) {
    try {
      return action.get();
    } catch (CloudException e) {
      return new Response(statusOf(e.kind()), error(e.errorCode(), e.getMessage()));
    }
  }

  /** The HTTP status UpCloud answers for a kind of failure. */
  static int statusOf(CloudException.Kind kind) {
    return switch (kind) {
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case BUSY, CONFLICT -> 409;
      case RATE_LIMITED -> 429;
      case BAD_REQUEST, AMBIGUOUS -> 400;
      case PROVIDER, IO -> 500;
    };
  }

  private Response listServers(List<String> labelFilters) {
    ArrayNode list = JSON.createArrayNode();
    for (SimServer server : cloud.servers()) {
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
        list.add(json.server(server, false));
      }
    }
    return new Response(200, wrap("servers", wrap("server", list)));
  }

  private Response stopServer(String uuid, String body) {
    if (!SimulatedCloud.UUID_PATTERN.matcher(uuid).matches()) {
      return invalidUuid("SERVER");
    }
    return guarded(
        () -> {
          SimServer server = cloud.server(uuid);
          Response refused = refusedStop(body);
          if (refused != null) {
            return refused;
          }
          // UpCloud answers with the server as it was when the stop was accepted.
          ObjectNode before = json.server(server, true);
          cloud.stop(uuid);
          return new Response(200, before);
        });
  }

  /** The answer to a stop body UpCloud would refuse, or null when it is fine. */
  private static Response refusedStop(String body) {
    JsonNode request = SimulatorJson.parseObject(body);
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
    return null;
  }

  private Response createServer(String body) {
    JsonNode request = SimulatorJson.parseObject(body);
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
    JsonNode devices = spec.path("storage_devices").path("storage_device");
    if (!devices.isArray() || devices.isEmpty()) {
      return new Response(
          400, error("STORAGE_DEVICES_MISSING", "The storage devices are missing."));
    }
    JsonNode device = devices.get(0);
    Map<String, String> labels = new LinkedHashMap<>();
    for (JsonNode label : spec.path("labels").path("label")) {
      labels.put(label.path("key").asText(), label.path("value").asText());
    }
    List<NewServer.Nic> nics = new ArrayList<>();
    for (JsonNode nic : spec.path("networking").path("interfaces").path("interface")) {
      nics.add(
          new NewServer.Nic(
              nic.path("type").asText(""),
              nic.path("network").asText(null),
              nic.path("ip_addresses").path("ip_address").path(0).path("address").asText(null)));
    }
    NewServer wanted =
        new NewServer(
            spec.get("zone").asText(),
            spec.get("title").asText(),
            spec.get("hostname").asText(),
            spec.path("plan").asText("1xCPU-2GB"),
            labels,
            new NewServer.Disk(
                device.path("storage").asText(""),
                device.path("title").asText(null),
                device.has("size") ? device.get("size").asInt() : null),
            spec.path("metadata").asText("no").equals("yes"),
            nics);
    ObjectNode answer = json.server(cloud.create(wanted), true);
    ((ObjectNode) answer.get("server")).put("progress", "0");
    return new Response(202, answer);
  }

  private Response listTemplates() {
    ArrayNode list = JSON.createArrayNode();
    cloud.storages().stream()
        .filter(SimStorage::isTemplate)
        .forEach(s -> list.add(json.storage(s)));
    return new Response(200, wrap("storages", wrap("storage", list)));
  }

  private Response listNetworks(List<String> zones) {
    ArrayNode list = JSON.createArrayNode();
    cloud.networks().stream()
        .filter(n -> zones.isEmpty() || zones.contains(n.zone))
        .forEach(n -> list.add(json.network(n)));
    return new Response(200, wrap("networks", wrap("network", list)));
  }

  private JsonNode getNetwork(String uuid) {
    SimNetwork network = cloud.networkOrNull(uuid);
    if (network == null) {
      throw new CloudException(
          CloudException.Kind.NOT_FOUND,
          "NETWORK_NOT_FOUND",
          "The network " + uuid + " does not exist.");
    }
    return wrap("network", json.network(network));
  }
}
