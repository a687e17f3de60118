package com.busdk.upcloud.app.health;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.ListenAddress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoints on {@code --health-listen}, with the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the process runs;
 *   <li>{@code GET /readyz}: 200 while every required stream is connected, else 503 with a JSON
 *       body naming the streams that are not;
 *   <li>{@code GET /metrics}: the {@link Telemetry} registry in the Prometheus text format.
 * </ul>
 *
 * <p>It serves nothing else and reads no request body; it holds no secret and prints none.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final ListenAddress address;
  private final Supplier<Readiness> readiness;
  private final Telemetry telemetry;
  private HttpServer server;
  private ExecutorService executor;

  public HealthServer(ListenAddress address, Supplier<Readiness> readiness, Telemetry telemetry) {
    this.address = requireNonNull(address, "address is null");
    this.readiness = requireNonNull(readiness, "readiness is null");
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
  }

  /**
   * Binds and starts serving; idempotent.
   *
   * @return the bound address (the real port when 0 was asked for)
   * @throws UncheckedIOException when the address cannot be bound
   */
  public synchronized InetSocketAddress start() {
    if (server != null) {
      return server.getAddress();
    }
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "health-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 16);
    } catch (IOException e) {
      executor.shutdownNow();
      executor = null;
      throw new UncheckedIOException(
          "cannot listen on " + address + " for --health-listen: " + e.getMessage(), e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    InetSocketAddress bound = server.getAddress();
    LOG.info("health listener on {} (/healthz, /readyz, /metrics)", url(bound));
    return bound;
  }

  /** {@code http://host:port} of a bound address. */
  public static String url(InetSocketAddress bound) {
    String host = bound.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      executor = null;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "application/json", "{\"error\":\"use GET\"}\n", false);
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/healthz" -> send(exchange, 200, "application/json", "{\"status\":\"ok\"}\n", head);
        case "/readyz" -> ready(exchange, head);
        case "/metrics" -> send(exchange, 200, PROMETHEUS_TEXT, telemetry.scrape(), head);
        default ->
            send(
                exchange,
                404,
                "application/json",
                "{\"error\":\"not found: use /healthz, /readyz or /metrics\"}\n",
                head);
      }
    } catch (RuntimeException e) {
      LOG.warn("health request failed: {}", e.toString());
    }
  }

  private void ready(HttpExchange exchange, boolean head) throws IOException {
    Readiness now = readiness.get();
    ObjectNode body = JSON.createObjectNode();
    body.put("status", now.ready() ? "ready" : "not ready");
    body.put("reason", now.reason());
    ObjectNode down = body.putObject("disconnected");
    now.disconnected().forEach(down::put);
    ObjectNode all = body.putObject("streams");
    now.streams().forEach(all::put);
    send(
        exchange,
        now.ready() ? 200 : 503,
        "application/json",
        JSON.writeValueAsString(body) + "\n",
        head);
  }

  private static void send(
      HttpExchange exchange, int status, String contentType, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
