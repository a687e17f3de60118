package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON field names of the {@code bus.ssh.script.run} exchange, chosen here and nowhere else
 * because the Go DTO names are not public (protocol §4.6, §11 question 1). We write snake_case like
 * every documented BusDK DTO and read results leniently, accepting the camelCase spellings too.
 *
 * <p>Request: {@code script}, {@code targets} ({@code [{"host","port"}]}), {@code users}, {@code
 * timeout_seconds}, optional {@code network_bootstrap} ({@code apply_netplan}, {@code
 * netplan_mode}, {@code dns_servers}, {@code interface_mac}), optional {@code identity_id}. Result:
 * {@code exit_code}, {@code stdout}, {@code stderr}, optional {@code error} ({@code type}, {@code
 * message}).
 */
public final class SshScriptCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SshScriptCodec() {}

  /** The request payload as a JSON tree, ready for {@link com.busdk.upcloud.ports.EventBus}. */
  public static ObjectNode encodeRequest(ScriptRequest request) {
    requireNonNull(request, "request is null");
    ObjectNode payload = NODES.objectNode();
    payload.put("script", request.script());
    ArrayNode targets = payload.putArray("targets");
    for (ScriptRequest.Target target : request.targets()) {
      targets.addObject().put("host", target.host()).put("port", target.port());
    }
    ArrayNode users = payload.putArray("users");
    request.users().forEach(users::add);
    payload.put("timeout_seconds", request.timeoutSeconds());
    ScriptRequest.NetworkBootstrap bootstrap = request.networkBootstrap();
    if (bootstrap != null) {
      ObjectNode node = payload.putObject("network_bootstrap");
      node.put("apply_netplan", bootstrap.applyNetplan());
      if (bootstrap.netplanMode() != null) {
        node.put("netplan_mode", bootstrap.netplanMode());
      }
      ArrayNode dns = node.putArray("dns_servers");
      bootstrap.dnsServers().forEach(dns::add);
      if (bootstrap.interfaceMac() != null) {
        node.put("interface_mac", bootstrap.interfaceMac());
      }
    }
    if (request.identityId() != null) {
      payload.put("identity_id", request.identityId());
    }
    return payload;
  }

  /** The result payload as a JSON tree, for an ssh-runner stand-in. */
  public static ObjectNode encodeResult(ScriptResult result) {
    requireNonNull(result, "result is null");
    ObjectNode payload = NODES.objectNode();
    payload.put("exit_code", result.exitCode());
    payload.put("stdout", result.stdout());
    payload.put("stderr", result.stderr());
    if (result.error() != null) {
      payload
          .putObject("error")
          .put("type", result.error().type())
          .put("message", result.error().message());
    }
    return payload;
  }

  /**
   * Reads a request payload, for an ssh-runner stand-in.
   *
   * @throws PayloadException when a required field is missing or a rule of the record is broken
   */
  public static ScriptRequest decodeRequest(BusEvent event) {
    JsonNode payload = event.payloadAs(JsonNode.class);
    try {
      List<ScriptRequest.Target> targets = new ArrayList<>();
      for (JsonNode target : payload.path("targets")) {
        targets.add(new ScriptRequest.Target(target.path("host").asText(""), port(target)));
      }
      ScriptRequest.NetworkBootstrap bootstrap = null;
      JsonNode nb = field(payload, "network_bootstrap", "networkBootstrap");
      if (nb.isObject()) {
        bootstrap =
            new ScriptRequest.NetworkBootstrap(
                field(nb, "apply_netplan", "applyNetplan").asBoolean(false),
                textOrNull(field(nb, "netplan_mode", "netplanMode")),
                strings(field(nb, "dns_servers", "dnsServers")),
                textOrNull(field(nb, "interface_mac", "interfaceMac")));
      }
      JsonNode script = payload.path("script");
      if (!script.isTextual()) {
        throw new PayloadException("script: expected a string");
      }
      return new ScriptRequest(
          script.textValue(),
          targets,
          strings(payload.path("users")),
          field(payload, "timeout_seconds", "timeoutSeconds").asLong(0),
          bootstrap,
          textOrNull(field(payload, "identity_id", "identityId")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new PayloadException(e.getMessage(), e);
    }
  }

  /**
   * Reads a result payload, accepting {@code exit_code} or {@code exitCode}; an {@code error} given
   * as a bare string becomes a {@code provider_error}.
   *
   * @throws PayloadException when the exit code is not a number
   */
  public static ScriptResult decodeResult(BusEvent event) {
    JsonNode payload = event.payloadAs(JsonNode.class);
    if (!payload.isObject()) {
      throw new PayloadException("payload: expected an object");
    }
    JsonNode exitCode = field(payload, "exit_code", "exitCode");
    if (!exitCode.isMissingNode() && !exitCode.isNull() && !exitCode.canConvertToInt()) {
      throw new PayloadException("exit_code: expected a number");
    }
    JsonNode errorNode = payload.path("error");
    ErrorReply.ErrorBody error = null;
    if (errorNode.isObject()) {
      error =
          new ErrorReply.ErrorBody(
              errorNode.path("type").asText("provider_error"),
              errorNode.path("message").asText(""));
    } else if (errorNode.isTextual() && !errorNode.textValue().isEmpty()) {
      error = new ErrorReply.ErrorBody("provider_error", errorNode.textValue());
    }
    int code = exitCode.isNumber() ? exitCode.intValue() : (error == null ? 0 : -1);
    return new ScriptResult(
        code, textOrNull(payload.path("stdout")), textOrNull(payload.path("stderr")), error);
  }

  private static JsonNode field(JsonNode node, String snake, String camel) {
    JsonNode value = node.path(snake);
    return value.isMissingNode() || value.isNull() ? node.path(camel) : value;
  }

  private static int port(JsonNode target) {
    JsonNode port = target.path("port");
    return port.canConvertToInt() ? port.intValue() : 22;
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.textValue() : null;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : node) {
      if (value.isTextual()) {
        values.add(value.textValue());
      }
    }
    return values;
  }
}
