package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  public static final List<String> DEVELOPMENT_SCOPES =
      List.of(
          "events:send",
          "events:listen",
          "vm:read",
          "vm:write",
          "container:read",
          "container:run",
          "container:delete",
          "container:admin",
          "ssh:run");

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEventsServer.class);
  private static final Set<String> AUDIENCES = Set.of(API_AUDIENCE, INTERNAL_AUDIENCE);
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int MAX_NAME_LENGTH = 200;
  private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
  private static final long POLL_MILLIS = 50;
  private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final byte[] HEARTBEAT = {'\n'};
  private static final String STREAM_PATH = EventsUrl.COLLECTION_PATH + "/stream";

  private final int requestedPort;
  private final String secret;
  private final EventCodec codec = new EventCodec(MAX_BODY_BYTES);
  private final Object lock = new Object();
  private final List<StoredEvent> history = new ArrayList<>();
  private final List<Stream> broadcastStreams = new ArrayList<>();
  private final Map<GroupKey, BlockingDeque<String>> groups = new HashMap<>();
  private final Set<Stream> openStreams = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile boolean closed;
  private HttpServer server;
  private ExecutorService executor;

  /** A server on loopback {@code port} (0 picks a free one) with a random signing secret. */
  public EmbeddedEventsServer(int port) {
    this(port, randomSecret());
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
    this.secret = secret;
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
    requireNonNull(subject, "subject is null");
    requireNonNull(audience, "audience is null");
    requireNonNull(scopes, "scopes is null");
    requireNonNull(ttl, "ttl is null");
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("scope", String.join(" ", scopes));
    claims.put("iat", now);
    claims.put("exp", now + Math.max(1, ttl.toSeconds()));
    return JwtHs256.sign(claims, secret);
  }

  /** Every accepted event so far, as delivered on streams, oldest first. */
  public List<BusEvent> published() {
    synchronized (lock) {
      return history.stream()
          .map(event -> codec.parseEnvelope(event.line(), event.name()))
          .toList();
    }
  }

  /** Answers the next {@code count} publishes with {@code status} instead of accepting them. */
  public void failNextPublishes(int count, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP error: " + status);
    }
    failureStatus = status;
    failuresLeft.set(count);
  }

  /**
   * Ends every open stream after the line it is writing, as a restarting Events API would. Unicast
   * events not yet written stay queued for their group.
   */
  public void dropStreams() {
    for (Stream stream : openStreams) {
      stream.drop();
      openStreams.remove(stream);
    }
  }

  /** How many streams are open right now; a dropped stream no longer counts. */
  public int openStreams() {
    return openStreams.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    dropStreams();
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
          publish(exchange);
        } else {
          error(exchange, 405, "method_not_allowed", "use POST to publish");
        }
      } else if (path.equals(STREAM_PATH)) {
        if (method.equals("GET")) {
          stream(exchange);
        } else {
          error(exchange, 405, "method_not_allowed", "use GET to stream");
        }
      } else {
        error(exchange, 404, "not_found", "no such route");
      }
    } catch (RuntimeException e) {
      LOG.error("embedded Events API request failed", e);
    }
  }

  private void publish(HttpExchange exchange) throws IOException {
    Optional<Map<String, Object>> claims = authenticate(exchange);
    if (claims.isEmpty()) {
      return;
    }
    if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      error(exchange, failureStatus, "unavailable", "injected failure");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      error(exchange, 400, "bad_request", "event is too large");
      return;
    }
    // JSON is UTF-8 (RFC 8259): a body that is not is refused, never silently repaired.
    String text;
    try {
      text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      error(exchange, 400, "bad_request", "body is not valid UTF-8");
      return;
    }
    EnvelopeScanner.Scan envelope;
    try {
      envelope = codec.scan(text);
    } catch (IllegalArgumentException e) {
      error(exchange, 400, "bad_request", "body is not a JSON object");
      return;
    }
    if (!envelope.complete()) {
      error(
          exchange,
          400,
          "bad_request",
          "body is not valid JSON, or nests deeper than " + EventCodec.MAX_SKIP_DEPTH + " levels");
      return;
    }
    String name = envelope.texts().getOrDefault("name", "");
    if (!validName(name)) {
      error(exchange, 400, "bad_request", "invalid event name");
      return;
    }
    String scope = EventsApiAnswers.scopeFor(name, "events:send");
    if (!scopes(claims.get()).contains(scope)) {
      error(exchange, 403, "forbidden", "token lacks scope " + scope + " for " + name);
      return;
    }
    String id = EventIds.next();
    ObjectNode delivered = JsonNodeFactory.instance.objectNode();
    delivered.put("id", id);
    delivered.put("name", name);
    correlationId(envelope.texts()).ifPresent(value -> delivered.put("correlationId", value));
    delivered.put("identity_id", (String) claims.get().get("sub"));
    delivered.put("time", Instant.now().toString());
    // The payload is relayed as sent, never rebuilt: what arrives is what the publisher wrote,
    // however deep or long its values. Line breaks outside strings are only whitespace there.
    delivered.putRawValue(
        "payload",
        new RawValue(
            envelope.hasPayload()
                ? envelope.payload(text).replace('\n', ' ').replace('\r', ' ')
                : "{}"));
    String line = codec.writeLine(delivered);
    synchronized (lock) {
      history.add(new StoredEvent(name, line));
      for (Stream stream : broadcastStreams) {
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
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("accepted", true);
    answer.put("id", id);
    answer.put("name", name);
    json(exchange, 202, answer);
  }

  private void stream(HttpExchange exchange) throws IOException {
    Optional<Map<String, Object>> claims = authenticate(exchange);
    if (claims.isEmpty()) {
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String name = query.getOrDefault("name", "");
    if (!validName(name)) {
      error(exchange, 400, "bad_request", "invalid event name");
      return;
    }
    String delivery = query.getOrDefault("delivery", "broadcast");
    boolean unicast = delivery.equals("unicast") || delivery.equals("work");
    if (!unicast && !delivery.equals("broadcast")) {
      error(exchange, 400, "bad_request", "delivery must be broadcast or unicast");
      return;
    }
    String group = query.getOrDefault("group", "default");
    String consumer = query.getOrDefault("consumer", "default");
    if (!STREAM_ID.matcher(group).matches() || !STREAM_ID.matcher(consumer).matches()) {
      error(exchange, 400, "bad_request", "group and consumer must be short URL-safe names");
      return;
    }
    String scope = EventsApiAnswers.scopeFor(name, "events:listen");
    if (!scopes(claims.get()).contains(scope)) {
      error(exchange, 403, "forbidden", "token lacks scope " + scope + " for " + name);
      return;
    }
    boolean replay = "true".equals(query.get("replay"));
    boolean follow = !"false".equals(query.get("follow"));
    Stream stream = open(name, unicast ? group : null, replay, follow);
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      pump(stream, out, follow, expiry(claims.get()));
    } finally {
      closeStream(stream);
    }
  }

  private Stream open(String name, String group, boolean replay, boolean follow) {
    synchronized (lock) {
      if (group != null) {
        BlockingDeque<String> queue =
            groups.computeIfAbsent(new GroupKey(name, group), key -> new LinkedBlockingDeque<>());
        Stream stream = new Stream(name, queue, true);
        openStreams.add(stream);
        return stream;
      }
      Stream stream = new Stream(name, new LinkedBlockingDeque<>(), false);
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

  private void closeStream(Stream stream) {
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
  private void pump(Stream stream, OutputStream out, boolean follow, Instant expiry)
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

  private Optional<Map<String, Object>> authenticate(HttpExchange exchange) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      error(exchange, 401, "invalid_auth", "missing bearer token");
      return Optional.empty();
    }
    Map<String, Object> claims;
    try {
      claims = JwtHs256.verify(header.substring(7).strip(), secret);
    } catch (JwtHs256.InvalidTokenException e) {
      error(exchange, 401, "invalid_auth", e.getMessage());
      return Optional.empty();
    }
    if (!(claims.get("sub") instanceof String subject) || subject.isBlank()) {
      error(exchange, 401, "invalid_auth", "token has no subject");
      return Optional.empty();
    }
    if (!audienceAccepted(claims.get("aud"))) {
      error(exchange, 401, "invalid_auth", "token audience is not accepted");
      return Optional.empty();
    }
    return Optional.of(claims);
  }

  /** The {@code exp} claim; {@link JwtHs256#verify} has already made sure it is a number. */
  private static Instant expiry(Map<String, Object> claims) {
    return Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
  }

  private static boolean audienceAccepted(Object aud) {
    if (aud instanceof String single) {
      return AUDIENCES.contains(single);
    }
    if (aud instanceof List<?> many) {
      return many.stream().anyMatch(AUDIENCES::contains);
    }
    return false;
  }

  private static Set<String> scopes(Map<String, Object> claims) {
    if (claims.get("scope") instanceof String scope) {
      return Set.copyOf(Arrays.asList(scope.trim().split("\\s+")));
    }
    return Set.of();
  }

  private static Optional<String> correlationId(Map<String, String> texts) {
    for (String key : List.of("correlationId", "correlation_id", "correlationID")) {
      String value = texts.get(key);
      if (value != null && !value.isEmpty()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static boolean validName(String name) {
    return name.length() <= MAX_NAME_LENGTH && EVENT_NAME.matcher(name).matches();
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        values.putIfAbsent(URLDecoder.decode(key, UTF_8), URLDecoder.decode(value, UTF_8));
      } catch (IllegalArgumentException e) {
        values.putIfAbsent(key, "\u0000invalid");
      }
    }
    return values;
  }

  private void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode error = body.putObject("error");
    error.put("type", type);
    error.put("message", message);
    json(exchange, status, body);
  }

  private void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = codec.writeLine(body).getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private record StoredEvent(String name, String line) {}

  private record GroupKey(String name, String group) {}

  /** One open stream: where its lines come from and whether it was told to end. */
  private static final class Stream {
    final String name;
    final BlockingDeque<String> source;
    final boolean unicast;
    volatile boolean dropped;

    Stream(String name, BlockingDeque<String> source, boolean unicast) {
      this.name = name;
      this.source = source;
      this.unicast = unicast;
    }

    void drop() {
      dropped = true;
    }
  }

  @Override
  public String toString() {
    return "EmbeddedEventsServer[" + (server == null ? "not started" : baseUrl()) + "]";
  }
}
