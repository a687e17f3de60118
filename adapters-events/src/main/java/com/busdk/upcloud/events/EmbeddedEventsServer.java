package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bus Events API on loopback with a memory backend, for {@code --local} and for tests: publish,
 * NDJSON streams with broadcast and unicast groups (a server-side queue per group, so a consumer
 * that reconnects resumes where its group stopped), replay and follow, and HS256 JWT checks with
 * the protocol's name-to-scope mapping. A following stream ends cleanly when the token it was
 * opened with expires, as a server that keeps checking its credentials would end it: a client has
 * to reconnect with a current token, which is what token rotation is tested against.
 */
public final class EmbeddedEventsServer implements AutoCloseable {
  public static final String API_AUDIENCE = "ai.hg.fi/api";
  public static final String INTERNAL_AUDIENCE = "ai.hg.fi/internal";

  /**
   * Every scope this worker's events need, plus the unprotected-name scopes: a development token.
   */
  public static final List<String> DEVELOPMENT_SCOPES = LocalTokens.DEVELOPMENT_SCOPES;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEventsServer.class);
  private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
  private static final long POLL_MILLIS = 50;
  private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final byte[] HEARTBEAT = {'\n'};
  private static final String STREAM_PATH = EventsUrl.COLLECTION_PATH + "/stream";

  private final int requestedPort;
  private final LocalTokens tokens;
  private final EventCodec codec = new EventCodec(MAX_BODY_BYTES);
  private final Exchanges exchanges = new Exchanges(codec);
  private final PublishRoute publishes;
  private final Object lock = new Object();
  private final List<StoredEvent> history = new ArrayList<>();
  private final List<ServerStream> broadcastStreams = new ArrayList<>();
  private final Map<GroupKey, BlockingDeque<String>> groups = new HashMap<>();
  private final OpenStreams<ServerStream> openStreams = new OpenStreams<>();

  /** Failures a test asked for through {@link EventsServerFaults}; none in normal use. */
  final AtomicInteger failuresLeft = new AtomicInteger();

  volatile int failureStatus = 503;
  private volatile boolean closed;
  private HttpServer server;
  private ExecutorService executor;

  /** A server on loopback {@code port} (0 picks a free one) with a random signing secret. */
  public EmbeddedEventsServer(int port) {
    this(port, LocalTokens.randomSecret());
  }

  /**
   * A server on loopback {@code port} (0 picks a free one) verifying tokens with {@code secret}.
   */
  public EmbeddedEventsServer(int port, String secret) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    requireNonNull(secret, "secret is null");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("secret is empty");
    }
    this.requestedPort = port;
    this.tokens = new LocalTokens(secret);
    this.publishes = new PublishRoute(this, tokens, exchanges, codec);
  }

  /** Binds the port and starts serving. */
  public synchronized EmbeddedEventsServer start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "embedded-events-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot bind the embedded Events API", e);
    }
    server.setExecutor(executor);
    server.createContext(EventsUrl.COLLECTION_PATH, this::handle);
    server.start();
    LOG.info("embedded Events API listening on {}", collectionUrl());
    return this;
  }

  public int port() {
    return started().getAddress().getPort();
  }

  /** The service root, for example {@code http://127.0.0.1:8081}. */
  public URI baseUrl() {
    InetSocketAddress address = started().getAddress();
    InetAddress host = address.getAddress();
    String literal =
        host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
    return URI.create("http://" + literal + ":" + address.getPort());
  }

  /** The collection URL, {@code <baseUrl>/api/v1/events}. */
  public URI collectionUrl() {
    return URI.create(baseUrl() + EventsUrl.COLLECTION_PATH);
  }

  /** A token this server accepts: HS256 with {@code sub}, {@code aud}, {@code scope}, iat, exp. */
  public String mintToken(
      String subject, String audience, Collection<String> scopes, Duration ttl) {
    return tokens.mint(subject, audience, scopes, ttl);
  }

  /** Every accepted event so far, as delivered on streams, oldest first. */
  public List<BusEvent> published() {
    synchronized (lock) {
      return history.stream()
          .map(event -> codec.parseEnvelope(event.line(), event.name()))
          .toList();
    }
  }

  /**
   * Waits until the accepted events satisfy {@code condition}, tested again at each new one; false
   * after {@code timeout}. For tests that wait for answers without polling.
   */
  public boolean awaitPublished(Predicate<List<BusEvent>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!condition.test(published())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** Ends every stream after its current line, as on a restart; unicast events stay queued. */
  void dropAllStreams() {
    for (ServerStream stream : openStreams.removeAll()) {
      stream.drop();
    }
  }

  /** How many streams are open right now; a dropped stream no longer counts. */
  public int openStreams() {
    return openStreams.size();
  }

  /** Waits until the number of open streams satisfies {@code count}; false after {@code t}. */
  public boolean awaitOpenStreams(IntPredicate count, Duration t) throws InterruptedException {
    return openStreams.await(count, t);
  }

  @Override
  public synchronized void close() {
    closed = true;
    dropAllStreams();
    if (server != null) {
      server.stop(0);
      executor.shutdown();
      try {
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        executor.shutdownNow();
      }
    }
  }

  private HttpServer started() {
    HttpServer current = server;
    if (current == null) {
      throw new IllegalStateException("server is not started");
    }
    return current;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals(EventsUrl.COLLECTION_PATH) || path.equals(EventsUrl.COLLECTION_PATH + "/")) {
        if (method.equals("POST")) {
          publishes.handle(exchange);
        } else {
          exchanges.error(exchange, 405, "method_not_allowed", "use POST to publish");
        }
      } else if (path.equals(STREAM_PATH)) {
        if (method.equals("GET")) {
          stream(exchange);
        } else {
          exchanges.error(exchange, 405, "method_not_allowed", "use GET to stream");
        }
      } else {
        exchanges.error(exchange, 404, "not_found", "no such route");
      }
    } catch (RuntimeException e) {
      LOG.error("embedded Events API request failed", e);
    }
  }

  /** Adds one accepted event to the history and to every stream and group of its name. */
  void store(String name, String line) {
    synchronized (lock) {
      history.add(new StoredEvent(name, line));
      lock.notifyAll();
      for (ServerStream stream : broadcastStreams) {
        if (stream.name.equals(name)) {
          stream.source.addLast(line);
        }
      }
      groups.forEach(
          (key, queue) -> {
            if (key.name().equals(name)) {
              queue.addLast(line);
            }
          });
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    Optional<Map<String, Object>> claims = tokens.authenticate(exchange, exchanges);
    if (claims.isEmpty()) {
      return;
    }
    Map<String, String> query = Exchanges.query(exchange.getRequestURI().getRawQuery());
    String name = query.getOrDefault("name", "");
    if (!Exchanges.validName(name)) {
      exchanges.error(exchange, 400, "bad_request", "invalid event name");
      return;
    }
    String delivery = query.getOrDefault("delivery", "broadcast");
    boolean unicast = delivery.equals("unicast") || delivery.equals("work");
    if (!unicast && !delivery.equals("broadcast")) {
      exchanges.error(exchange, 400, "bad_request", "delivery must be broadcast or unicast");
      return;
    }
    String group = query.getOrDefault("group", "default");
    String consumer = query.getOrDefault("consumer", "default");
    if (!STREAM_ID.matcher(group).matches() || !STREAM_ID.matcher(consumer).matches()) {
      exchanges.error(
          exchange, 400, "bad_request", "group and consumer must be short URL-safe names");
      return;
    }
    String scope = EventsApiAnswers.scopeFor(name, "events:listen");
    if (!LocalTokens.scopes(claims.get()).contains(scope)) {
      exchanges.error(exchange, 403, "forbidden", "token lacks scope " + scope + " for " + name);
      return;
    }
    boolean replay = "true".equals(query.get("replay"));
    boolean follow = !"false".equals(query.get("follow"));
    ServerStream stream = open(name, unicast ? group : null, replay, follow);
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      pump(stream, out, follow, LocalTokens.expiry(claims.get()));
    } finally {
      closeStream(stream);
    }
  }

  private ServerStream open(String name, String group, boolean replay, boolean follow) {
    synchronized (lock) {
      if (group != null) {
        BlockingDeque<String> queue =
            groups.computeIfAbsent(new GroupKey(name, group), key -> new LinkedBlockingDeque<>());
        ServerStream stream = new ServerStream(name, queue, true);
        openStreams.add(stream);
        return stream;
      }
      ServerStream stream = new ServerStream(name, new LinkedBlockingDeque<>(), false);
      if (replay) {
        for (StoredEvent event : history) {
          if (event.name().equals(name)) {
            stream.source.addLast(event.line());
          }
        }
      }
      if (follow) {
        broadcastStreams.add(stream);
      }
      openStreams.add(stream);
      return stream;
    }
  }

  private void closeStream(ServerStream stream) {
    synchronized (lock) {
      broadcastStreams.remove(stream);
      openStreams.remove(stream);
    }
  }

  /**
   * Writes events as they come, one flushed line each. A unicast event whose write fails goes back
   * to the head of its group's queue, so another consumer (or this one, reconnected) gets it. An
   * idle stream gets a blank line now and then: the server cannot otherwise see that a client went
   * away, and a forgotten unicast stream would take events from its group.
   */
  private void pump(ServerStream stream, OutputStream out, boolean follow, Instant expiry)
      throws IOException {
    long lastWrite = System.nanoTime();
    while (!stream.dropped && !closed) {
      if (!Instant.now().isBefore(expiry)) {
        // Checked before taking the next event, so no event is taken and then not written.
        LOG.debug("ending the {} stream: its token expired", stream.name);
        return;
      }
      String line;
      try {
        // A snapshot is complete when the stream opens: nothing is worth waiting for.
        line =
            follow
                ? stream.source.pollFirst(POLL_MILLIS, TimeUnit.MILLISECONDS)
                : stream.source.pollFirst();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (line == null) {
        if (!follow) {
          return;
        }
        if (System.nanoTime() - lastWrite >= HEARTBEAT_NANOS) {
          out.write(HEARTBEAT);
          out.flush();
          lastWrite = System.nanoTime();
        }
        continue;
      }
      lastWrite = System.nanoTime();
      try {
        out.write((line + "\n").getBytes(UTF_8));
        out.flush();
      } catch (IOException e) {
        if (stream.unicast) {
          stream.source.addFirst(line);
        }
        throw e;
      }
    }
  }

  private record StoredEvent(String name, String line) {}

  private record GroupKey(String name, String group) {}

  @Override
  public String toString() {
    return "EmbeddedEventsServer[" + (server == null ? "not started" : baseUrl()) + "]";
  }
}
