package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.TimeSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventBus} over the Bus Events API: publish is {@code POST <collection>}, each subscription
 * is one long-lived NDJSON {@code GET <collection>/stream} read by its own thread. The JDK client
 * is used because closing a response body unblocks a pending read, which is what lets shutdown
 * finish promptly.
 */
public final class HttpEventBus implements EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEventBus.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STREAM_HEADERS_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_ERROR_DETAIL = 160;

  private final EventsSettings settings;
  private final TimeSource time;
  private final EventsToken tokens;
  private final StreamObserver observer;
  private final URI collection;
  private final HttpClient client;
  private final EventCodec codec = new EventCodec();
  private final List<StreamSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final Set<InputStream> replays = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HttpEventBus(
      EventsSettings settings,
      EventsToken tokens,
      StreamObserver observer,
      HttpClient client,
      TimeSource time) {
    this.settings = requireNonNull(settings, "settings is null");
    this.tokens = requireNonNull(tokens, "tokens is null");
    this.observer = requireNonNull(observer, "observer is null");
    this.time = requireNonNull(time, "time is null");
    this.collection = settings.collection();
    this.client = requireNonNull(client, "client is null");
  }

  /** A bus for these settings; it opens no connection until the first publish or subscribe. */
  public static HttpEventBus create(EventsSettings settings) {
    return create(settings, TimeSource.system());
  }

  /**
   * Like {@link #create(EventsSettings)}, with publish retries timed and paused by {@code time}.
   */
  public static HttpEventBus create(EventsSettings settings, TimeSource time) {
    requireNonNull(settings, "settings is null");
    return create(settings, EventsToken.fixed(settings.token()), StreamObserver.NONE, time);
  }

  /**
   * A bus that takes its bearer token from {@code tokens} on every publish and every stream
   * connection (so a rotated token is used from then on) and reports stream connections to {@code
   * observer}. {@code settings.token()} is not used.
   */
  public static HttpEventBus create(
      EventsSettings settings, EventsToken tokens, StreamObserver observer) {
    return create(settings, tokens, observer, TimeSource.system());
  }

  /** Like {@link #create(EventsSettings, EventsToken, StreamObserver)}, timed by {@code time}. */
  public static HttpEventBus create(
      EventsSettings settings, EventsToken tokens, StreamObserver observer, TimeSource time) {
    requireNonNull(settings, "settings is null");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new HttpEventBus(settings, tokens, observer, client, time);
  }

  /**
   * Publishes at least once and, as far as the Events API lets us tell, at most once. A refusal
   * that says nothing was stored (503, 429, 408, a connection never made) is simply tried again. A
   * failure after the request may have been stored (an I/O error or timeout once it was sent, or a
   * 500, 502 or 504) makes the next attempt first look for the event among those stored under
   * {@code name}; when it is there, it is not sent again. Pauses grow up to {@code retryMax} and go
   * through the {@link TimeSource}; the publish gives up once {@code publishFor} has passed.
   */
  @Override
  public PublishReceipt publish(String name, String correlationId, Object payload) {
    String token = tokens.current();
    try {
      return publishWith(token, name, correlationId, payload);
    } catch (EventBusException e) {
      if (!e.isAuthFailure()
          || !tokens.renewAfterRefusal(token)
          || tokens.current().equals(token)) {
        throw e;
      }
      LOG.info("publish of {} refused ({}); retrying with the renewed token", name, e.httpStatus());
      return publishWith(tokens.current(), name, correlationId, payload);
    }
  }

  private PublishReceipt publishWith(
      String token, String name, String correlationId, Object payload) {
    requireNonNull(name, "name is null");
    ensureOpen();
    String body;
    try {
      body = codec.writeEnvelope(name, correlationId, payload);
    } catch (IllegalArgumentException e) {
      throw new EventBusException(
          EventBusException.Kind.BAD_REQUEST, 0, "cannot encode the payload of " + name, e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(collection)
            .timeout(PUBLISH_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8))
            .build();
    return publishWithRetries(name, correlationId, request);
  }

  private PublishReceipt publishWithRetries(
      String name, String correlationId, HttpRequest request) {
    Instant deadline = time.now().plus(settings.publishFor());
    Backoff backoff = new Backoff(settings.publishBackoff(), settings.retryMax());
    boolean mayBeStored = false;
    EventBusException last = null;
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1) {
        Duration delay = backoff.delay(attempt - 2);
        if (time.now().plus(delay).isAfter(deadline)) {
          LOG.warn(
              "gave up publishing {} correlation_id={} after {} attempts in {}: {}",
              name,
              correlationId,
              attempt - 1,
              settings.publishFor(),
              last.getMessage());
          throw last;
        }
        pause(delay, name);
      }
      try {
        if (mayBeStored) {
          Optional<PublishReceipt> stored = alreadyStored(name, correlationId);
          if (stored.isPresent()) {
            LOG.info(
                "{} correlation_id={} was stored before its answer was lost; not sent again",
                name,
                correlationId);
            return stored.get();
          }
        }
        HttpResponse<String> response =
            client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return receipt(name, response.body());
        }
        last = publishFailure(name, status, response.body());
        if (!isTransient(status)) {
          throw last;
        }
        mayBeStored |= mayHaveBeenStored(status);
      } catch (EventBusException e) {
        if (e != last) {
          // The look-up failed; a bus that cannot answer it cannot take the event either.
          last = e;
        } else {
          throw e;
        }
      } catch (IOException e) {
        last =
            new EventBusException(
                EventBusException.Kind.IO,
                0,
                "publishing " + name + " failed: " + e.getClass().getSimpleName(),
                e);
        mayBeStored |= !neverSent(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventBusException(
            EventBusException.Kind.IO, 0, "publishing " + name + " was interrupted", e);
      }
      LOG.warn("publish of {} failed (attempt {}): {}", name, attempt, last.getMessage());
    }
  }

  /**
   * Whether the Events API already holds an event of {@code name} with this correlation id: one
   * {@code replay=true&follow=false} read of the name, streamed line by line and ended at the first
   * match, so no more than one line is held at a time. The Events API offers no idempotency key, so
   * name and correlation id are the identity; without a correlation id nothing can be told apart
   * and the event is sent again. A look-up the token may not make (401/403) is logged and treated
   * as "not there", which is the old at-least-once behaviour.
   */
  private Optional<PublishReceipt> alreadyStored(String name, String correlationId) {
    if (correlationId == null || correlationId.isEmpty()) {
      return Optional.empty();
    }
    try {
      return readReplay(
          name,
          codec.maxEventBytes(),
          PUBLISH_TIMEOUT,
          line -> {
            Map<String, String> texts;
            try {
              texts = codec.scan(line.text()).texts();
            } catch (IllegalArgumentException e) {
              return Optional.empty();
            }
            boolean same =
                name.equals(texts.getOrDefault("name", name))
                    && EventCodec.correlationOf(texts).filter(correlationId::equals).isPresent()
                    && !line.lossy();
            return same
                ? Optional.of(new PublishReceipt(texts.getOrDefault("id", ""), name))
                : Optional.empty();
          });
    } catch (EventBusException e) {
      if (!e.isAuthFailure()) {
        throw e;
      }
      LOG.warn(
          "cannot check whether {} correlation_id={} was stored ({}); sending it again",
          name,
          correlationId,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** A status after which the event may be stored even though the publish failed. */
  private static boolean mayHaveBeenStored(int status) {
    return status != 503 && status != 429 && status != 408;
  }

  /** An I/O failure before the request could have left: nothing can have been stored. */
  private static boolean neverSent(IOException e) {
    return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
  }

  @Override
  public Subscription subscribe(String name, Delivery delivery, EventHandler handler) {
    return subscribe(name, delivery, handler, () -> {});
  }

  /**
   * Like {@link #subscribe(String, Delivery, EventHandler)}, and runs {@code onReconnect} on the
   * stream's thread each time the stream is established again after a drop (not the first time),
   * before any event of the new connection is delivered. The hook must not block: events of the new
   * connection wait for it.
   */
  Subscription subscribe(
      String name, Delivery delivery, EventHandler handler, Runnable onReconnect) {
    return subscribe(name, delivery, handler, onReconnect, codec.maxEventBytes());
  }

  /**
   * Like {@link #subscribe(String, Delivery, EventHandler, Runnable)} for a stream whose events may
   * be up to {@code maxEventBytes} long instead of {@link EventCodec#DEFAULT_MAX_EVENT_BYTES}.
   */
  Subscription subscribe(
      String name,
      Delivery delivery,
      EventHandler handler,
      Runnable onReconnect,
      int maxEventBytes) {
    requireNonNull(name, "name is null");
    requireNonNull(delivery, "delivery is null");
    requireNonNull(handler, "handler is null");
    requireNonNull(onReconnect, "onReconnect is null");
    ensureOpen();
    StreamSubscription subscription =
        new StreamSubscription(
            name,
            streamRequest(name, delivery),
            client,
            codecFor(maxEventBytes),
            handler,
            settings.retryEnabled(),
            new Backoff(settings.retryMin(), settings.retryMax()),
            onReconnect,
            subscriptions::remove,
            tokens,
            observer);
    subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  /**
   * One bounded look back: {@code replay=true&follow=false} on a broadcast stream of {@code name},
   * each stored event handed to {@code handler} on the calling thread, oldest first. The server
   * ends the answer after its snapshot; {@code timeout} bounds the whole query, so a huge or
   * stalled answer cannot hold the caller, and {@link #close()} ends it at once. Only the event
   * being handled is kept in memory.
   *
   * @return how many events were handed over
   * @throws EventBusException when the query is refused, fails, or does not finish in time
   */
  int replay(String name, Duration timeout, EventHandler handler) {
    return replay(name, codec.maxEventBytes(), timeout, handler);
  }

  /** Like {@link #replay(String, Duration, EventHandler)} for events of up to that size. */
  int replay(String name, int maxEventBytes, Duration timeout, EventHandler handler) {
    requireNonNull(handler, "handler is null");
    EventCodec lineCodec = codecFor(maxEventBytes);
    AtomicInteger handed = new AtomicInteger();
    readReplay(
        name,
        maxEventBytes,
        timeout,
        line -> {
          Optional<BusEvent> event = EventsApiAnswers.parse(lineCodec, line, name, "replayed ");
          if (event.isPresent()) {
            handler.onEvent(event.get());
            handed.incrementAndGet();
          }
          return Optional.<Void>empty();
        });
    return handed.get();
  }

  /**
   * Streams the replay of {@code name} to {@code visitor} line by line, until the snapshot ends or
   * the visitor has an answer.
   */
  private <T> Optional<T> readReplay(
      String name,
      int maxEventBytes,
      Duration timeout,
      Function<NdjsonStream.Line, Optional<T>> visitor) {
    requireNonNull(name, "name is null");
    requireNonNull(timeout, "timeout is null");
    ensureOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri =
        URI.create(
            EventsUrl.stream(collection)
                + "?name="
                + encode(name)
                + "&delivery=broadcast&replay=true&follow=false");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + tokens.current())
            .header("Accept", "application/x-ndjson")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new EventBusException(
          EventBusException.Kind.IO,
          0,
          "replaying " + name + " failed: " + e.getClass().getSimpleName(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException(
          EventBusException.Kind.IO, 0, "replaying " + name + " was interrupted", e);
    }
    InputStream body = response.body();
    int status = response.statusCode();
    if (status != 200) {
      closeQuietly(body);
      throw replayRefusal(name, status);
    }
    // Closing the body is what unblocks a read stuck on a silent server; interrupting does not.
    replays.add(body);
    if (closed) {
      closeQuietly(body);
    }
    long left = Math.max(0, deadline - System.nanoTime());
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture<Void> cutOff =
        CompletableFuture.runAsync(
            () -> {
              // Set before the close, so the reader that the close unblocks knows why.
              timedOut.set(true);
              closeQuietly(body);
            },
            CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS));
    try (NdjsonStream lines = new NdjsonStream(body, maxEventBytes)) {
      for (NdjsonStream.Line line = lines.next(); line != null; line = lines.next()) {
        Optional<T> answer = visitor.apply(line);
        if (answer.isPresent()) {
          return answer;
        }
      }
    } catch (IOException e) {
      throw new EventBusException(
          EventBusException.Kind.IO,
          0,
          closed
              ? "replaying " + name + " was cut short: the event bus is closed"
              : timedOut.get()
                  ? "replaying " + name + " took longer than " + timeout
                  : "replaying " + name + " failed: " + e.getClass().getSimpleName(),
          e);
    } finally {
      cutOff.cancel(false);
      replays.remove(body);
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    closed = true;
    for (StreamSubscription subscription : subscriptions) {
      subscription.close();
    }
    for (InputStream replay : replays) {
      closeQuietly(replay);
    }
  }

  private EventCodec codecFor(int maxEventBytes) {
    return maxEventBytes == codec.maxEventBytes() ? codec : new EventCodec(maxEventBytes);
  }

  private HttpRequest streamRequest(String name, Delivery delivery) {
    StringBuilder query = new StringBuilder();
    query.append("name=").append(encode(name));
    query.append("&delivery=").append(delivery.mode().wire());
    if (delivery.mode() == Delivery.Mode.UNICAST) {
      query.append("&group=").append(encode(delivery.group()));
      query.append("&consumer=").append(encode(delivery.consumer()));
    }
    URI uri = URI.create(EventsUrl.stream(collection) + "?" + query);
    return HttpRequest.newBuilder(uri)
        .timeout(STREAM_HEADERS_TIMEOUT)
        .header("Accept", "application/x-ndjson")
        .GET()
        .build();
  }

  private static EventBusException replayRefusal(String name, int status) {
    String prefix = "Events API refused the replay of " + name + " (" + status + ")";
    return EventsApiAnswers.authRefusal(prefix, status, name, "events:listen")
        .orElseGet(() -> otherRefusal(prefix, status));
  }

  private static EventBusException otherRefusal(String prefix, int status) {
    return new EventBusException(
        isTransient(status)
            ? EventBusException.Kind.UNAVAILABLE
            : EventBusException.Kind.BAD_REQUEST,
        status,
        prefix);
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      LOG.debug("closing a replay answer failed", e);
    }
  }

  private PublishReceipt receipt(String name, String body) {
    if (body == null || body.isBlank()) {
      return new PublishReceipt("", name);
    }
    try {
      ObjectNode answer = codec.readObject(body);
      JsonNode id = answer.get("id");
      JsonNode answeredName = answer.get("name");
      return new PublishReceipt(
          id != null && id.isTextual() ? id.textValue() : "",
          answeredName != null && answeredName.isTextual() ? answeredName.textValue() : name);
    } catch (IllegalArgumentException e) {
      // The event was accepted; an answer we cannot read only costs us its id.
      return new PublishReceipt("", name);
    }
  }

  private EventBusException publishFailure(String name, int status, String body) {
    String prefix = "Events API refused publishing " + name + " (" + status + ")";
    if (status == 400) {
      return new EventBusException(
          EventBusException.Kind.BAD_REQUEST, status, prefix + ": " + errorDetail(body));
    }
    return EventsApiAnswers.authRefusal(prefix, status, name, "events:send")
        .orElseGet(() -> otherRefusal(prefix, status));
  }

  /** The server's own error message, shortened; it describes our request, never our token. */
  private String errorDetail(String body) {
    try {
      JsonNode message = codec.readObject(body).path("error").path("message");
      if (message.isTextual()) {
        String text = message.textValue();
        return text.length() > MAX_ERROR_DETAIL ? text.substring(0, MAX_ERROR_DETAIL) : text;
      }
    } catch (IllegalArgumentException e) {
      // Not a JSON error body; the status alone has to do.
    }
    return "bad request";
  }

  private static boolean isTransient(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private void pause(Duration delay, String name) {
    try {
      time.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException(
          EventBusException.Kind.IO, 0, "publishing " + name + " was interrupted", e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("event bus is closed");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }

  @Override
  public String toString() {
    return "HttpEventBus[" + settings + "]";
  }
}
