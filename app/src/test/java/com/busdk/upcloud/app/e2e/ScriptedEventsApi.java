package com.busdk.upcloud.app.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An Events API on loopback that hands a worker exactly the bytes a test scripts: each request
 * stream (unicast) serves the lines queued for its event name, whatever they hold (malformed JSON,
 * any envelope, bytes that are not UTF-8), and every publish is recorded as the worker sent it.
 * Tokens are not checked. Broadcast streams (the ssh-runner's answers) only get keep-alives.
 */
final class ScriptedEventsApi implements AutoCloseable {
  private static final String COLLECTION = "/api/v1/events";
  private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** Reads whatever a worker publishes, however long its strings or deep its values. */
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxStringLength(Integer.MAX_VALUE)
                          .maxNestingDepth(Integer.MAX_VALUE)
                          .maxNumberLength(Integer.MAX_VALUE)
                          .build())
                  .build())
          .build();

  /** One published event: its name, correlation id (null when it had none) and payload. */
  record Published(String name, String correlationId, JsonNode payload) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, BlockingDeque<byte[]>> lines = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicLong eventIds = new AtomicLong();
  private volatile boolean closed;

  ScriptedEventsApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "scripted-events-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(COLLECTION, this::handle);
    server.start();
  }

  /** The service root to give the worker as {@code --events-url}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues one line (without its newline) for the stream of {@code name}. */
  void enqueue(String name, byte[] line) {
    queue(name).addLast(line);
  }

  /** How many queued lines no stream has taken yet. */
  int waiting() {
    return lines.values().stream().mapToInt(BlockingDeque::size).sum();
  }

  int openStreams() {
    return openStreams.get();
  }

  /** Everything published so far, oldest first. */
  List<Published> published() {
    return List.copyOf(published);
  }

  /**
   * Waits until the published events satisfy {@code condition}, tested again at each new one and at
   * each {@link #wake()}; false after {@code timeout}.
   */
  boolean awaitPublished(Predicate<List<Published>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (published) {
      while (!condition.test(published())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(published, left);
      }
      return true;
    }
  }

  /** Has waiters test their condition again (when something else it reads has changed). */
  void wake() {
    synchronized (published) {
      published.notifyAll();
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private BlockingDeque<byte[]> queue(String name) {
    return lines.computeIfAbsent(name, k -> new LinkedBlockingDeque<>());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("POST") && path.equals(COLLECTION)) {
        publish(exchange);
      } else if (exchange.getRequestMethod().equals("GET") && path.equals(COLLECTION + "/stream")) {
        stream(exchange);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void publish(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    JsonNode envelope = JSON.readTree(body);
    JsonNode correlation = envelope.get("correlationId");
    String name = envelope.path("name").asText();
    published.add(
        new Published(
            name,
            correlation == null || !correlation.isTextual() ? null : correlation.textValue(),
            envelope.path("payload")));
    wake();
    String id = "evt_" + eventIds.incrementAndGet();
    byte[] answer =
        ("{\"accepted\":true,\"id\":\"" + id + "\",\"name\":" + JSON.writeValueAsString(name) + "}")
            .getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(202, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String name = query.getOrDefault("name", "");
    boolean unicast = "unicast".equals(query.get("delivery"));
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    BlockingDeque<byte[]> source = unicast ? queue(name) : new LinkedBlockingDeque<>();
    openStreams.incrementAndGet();
    try {
      long lastWrite = System.nanoTime();
      while (!closed) {
        byte[] line = source.pollFirst(50, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (System.nanoTime() - lastWrite >= HEARTBEAT_NANOS) {
            out.write('\n');
            out.flush();
            lastWrite = System.nanoTime();
          }
          continue;
        }
        try {
          out.write(line);
          out.write('\n');
          out.flush();
        } catch (IOException e) {
          source.addFirst(line);
          throw e;
        }
        lastWrite = System.nanoTime();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      openStreams.decrementAndGet();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(
            URLDecoder.decode(pair.substring(0, eq), UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), UTF_8));
      }
    }
    return values;
  }
}
