package com.busdk.upcloud.testkit.upcloud;

import static com.busdk.upcloud.testkit.upcloud.SimulatorJson.JSON;
import static com.busdk.upcloud.testkit.upcloud.SimulatorJson.error;

import com.busdk.upcloud.testkit.upcloud.SimulatorFaults.Fault;
import com.busdk.upcloud.testkit.upcloud.SimulatorRoutes.Response;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator.RecordedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's HTTP door: checks the API version and the bearer token, records the request, lets
 * an injected fault answer instead, routes the rest and writes the answer. A request and its effect
 * on the model happen under the model's lock, so concurrent clients see one order.
 */
final class SimulatorHttp implements HttpHandler {
  private final SimulatedCloud cloud;
  private final SimulatorRoutes routes;
  private final SimulatorFaults faults;
  private final SimulatorRecorder recorder;
  private final String token;

  SimulatorHttp(
      SimulatedCloud cloud, SimulatorFaults faults, SimulatorRecorder recorder, String token) {
    this.cloud = cloud;
    this.routes = new SimulatorRoutes(cloud, new SimulatorJson(cloud));
    this.faults = faults;
    this.recorder = recorder;
    this.token = token;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
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
      String endpoint = SimulatorRoutes.endpoint(method, segments);
      Response response;
      Duration latency = faults.latency(endpoint);
      synchronized (cloud) {
        recorder.record(new RecordedRequest(endpoint, method, rawPath, query, body));
        Fault fault = faults.next(endpoint);
        if (fault != null && fault.reset()) {
          // Closing the exchange before any header is sent drops the connection.
          return;
        }
        if (fault != null && !fault.thenApply()) {
          response = faultResponse(fault);
        } else {
          response = routes.route(method, segments, endpoint, parseQuery(query), body);
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

  private static Response faultResponse(Fault fault) {
    return new Response(
        fault.status(),
        error(fault.code(), "Simulated failure (HTTP " + fault.status() + ")."),
        fault.retryAfter());
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
}
