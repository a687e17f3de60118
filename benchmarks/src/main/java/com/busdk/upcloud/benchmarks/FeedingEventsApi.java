package com.busdk.upcloud.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Events API for the memory benchmark that keeps nothing: each request stream (unicast) serves
 * lines as fast as the worker reads them from a small queue per event name that the benchmark's
 * producers keep full, and each publish is counted by the number in its correlation id and dropped.
 * The embedded Events API would keep every event, gigabytes over a run of this size. Tokens are not
 * checked.
 */
final class FeedingEventsApi implements AutoCloseable {
  private static final String COLLECTION = "/api/v1/events";
  private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final byte[] CORRELATION_KEY = "\"correlationId\":\"".getBytes(US_ASCII);
  private static final byte[] ACCEPTED =
      "{\"accepted\":true,\"id\":\"evt_1\",\"name\":\"bench\"}".getBytes(UTF_8);
  private static final int QUEUE = 64;

  /** One line to serve, in parts, so a large shared padding is never copied. */
  record Line(byte[]... parts) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, BlockingDeque<Line>> queues = new ConcurrentHashMap<>();
  private final AtomicIntegerArray answers;
  private final AtomicIntegerArray expected;
  private final AtomicInteger expectedAnswered = new AtomicInteger();
  private final AtomicInteger strays = new AtomicInteger();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final Map<String, AtomicLong> bytesByName = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> countByName = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Counts answers to correlation ids {@code m<n>-…} with {@code n} below {@code capacity}. */
  FeedingEventsApi(int capacity) throws IOException {
    answers = new AtomicIntegerArray(capacity);
    expected = new AtomicIntegerArray(capacity);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "feeding-events-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(COLLECTION, this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues a line for the stream of {@code name}, waiting while that stream is behind. */
  void put(String name, Line line) throws InterruptedException {
    queue(name).putLast(line);
  }

  /** Marks request {@code n} as one that must be answered. */
  void expect(int n) {
    expected.set(n, 1);
  }

  /** How many of the requests marked with {@link #expect} got at least one answer. */
  int expectedAnswered() {
    return expectedAnswered.get();
  }

  int openStreams() {
    return openStreams.get();
  }

  /** How many answers request {@code n} got. */
  int answersTo(int n) {
    return answers.get(n);
  }

  /** Answers whose correlation id no request of this benchmark had. */
  int strays() {
    return strays.get();
  }

  /** Average size in bytes of the published events of {@code name}, 0 when none. */
  long averageBytes(String name) {
    AtomicInteger count = countByName.get(name);
    return count == null || count.get() == 0 ? 0 : bytesByName.get(name).get() / count.get();
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private BlockingDeque<Line> queue(String name) {
    return queues.computeIfAbsent(name, k -> new LinkedBlockingDeque<>(QUEUE));
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
    count(body);
    exchange.sendResponseHeaders(202, ACCEPTED.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(ACCEPTED);
    }
  }

  /** Finds {@code "name":"…"} and {@code "correlationId":"m<n>-} near the start of an envelope. */
  private void count(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 256), US_ASCII);
    int nameAt = head.indexOf("\"name\":\"");
    String name =
        nameAt < 0
            ? "?"
            : head.substring(nameAt + 8, Math.max(nameAt + 8, head.indexOf('"', nameAt + 8)));
    bytesByName.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(body.length);
    countByName.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    int at = indexOf(body, CORRELATION_KEY);
    if (at < 0
        || at + CORRELATION_KEY.length >= body.length
        || body[at + CORRELATION_KEY.length] != 'm') {
      strays.incrementAndGet();
      return;
    }
    long n = 0;
    int i = at + CORRELATION_KEY.length + 1;
    while (i < body.length && body[i] >= '0' && body[i] <= '9' && n < Integer.MAX_VALUE) {
      n = n * 10 + (body[i++] - '0');
    }
    if (i == at + CORRELATION_KEY.length + 1 || n >= answers.length()) {
      strays.incrementAndGet();
      return;
    }
    if (answers.incrementAndGet((int) n) == 1 && expected.get((int) n) == 1) {
      expectedAnswered.incrementAndGet();
    }
  }

  private static int indexOf(byte[] body, byte[] key) {
    int limit = Math.min(body.length - key.length, 4096);
    outer:
    for (int i = 0; i <= limit; i++) {
      for (int j = 0; j < key.length; j++) {
        if (body[i + j] != key[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void stream(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    boolean unicast = "unicast".equals(query.get("delivery"));
    BlockingDeque<Line> source =
        unicast ? queue(query.getOrDefault("name", "")) : new LinkedBlockingDeque<>();
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    openStreams.incrementAndGet();
    try {
      long lastWrite = System.nanoTime();
      while (!closed) {
        Line line = source.pollFirst(50, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (System.nanoTime() - lastWrite >= HEARTBEAT_NANOS) {
            out.write('\n');
            out.flush();
            lastWrite = System.nanoTime();
          }
          continue;
        }
        try {
          for (byte[] part : line.parts()) {
            out.write(part);
          }
          out.write('\n');
          out.flush();
        } catch (IOException e) {
          // Back to the head for the next stream; a producer that filled the queue meanwhile
          // makes this line lost, which the benchmark reports as unanswered.
          source.offerFirst(line);
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
