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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
  private final EventsToken tokens;
  private final StreamObserver observer;
  private final URI collection;
  private final HttpClient client;
  private final EventCodec codec = new EventCodec();
  private final List<StreamSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final Set<InputStream> replays = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HttpEventBus(
      EventsSettings settings, EventsToken tokens, StreamObserver observer, HttpClient client) {
    this.settings = requireNonNull(settings, "settings is null");
    this.tokens = requireNonNull(tokens, "tokens is null");
    this.observer = requireNonNull(observer, "observer is null");
    this.collection = settings.collection();
    this.client = requireNonNull(client, "client is null");
  }

  /** A bus for these settings; it opens no connection until the first publish or subscribe. */
  public static HttpEventBus create(EventsSettings settings) {
    requireNonNull(settings, "settings is null");
    return create(settings, EventsToken.fixed(settings.token()), StreamObserver.NONE);
  }

  /**
   * A bus that takes its bearer token from {@code tokens} on every publish and every stream
   * connection (so a rotated token is used from then on) and reports stream connections to {@code
   * observer}. {@code settings.token()} is not used.
   */
  public static HttpEventBus create(
      EventsSettings settings, EventsToken tokens, StreamObserver observer) {
    requireNonNull(settings, "settings is null");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new HttpEventBus(settings, tokens, observer, client);
  }

  /**
   * Publishes with the current token; when the Events API refuses it (401/403) and a renewed token
   * is current after that, publishes once more with the new one.
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
    Backoff backoff = new Backoff(settings.publishBackoff(), settings.retryMax());
    EventBusException last = null;
    for (int attempt = 1; attempt <= settings.publishAttempts(); attempt++) {
      if (attempt > 1) {
        pause(backoff.delay(attempt - 2), name);
      }
      try {
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
      } catch (IOException e) {
        last =
            new EventBusException(
                EventBusException.Kind.IO,
                0,
                "publishing " + name + " failed: " + e.getClass().getSimpleName(),
                e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventBusException(
            EventBusException.Kind.IO, 0, "publishing " + name + " was interrupted", e);
      }
      LOG.warn(
          "publish of {} failed (attempt {} of {}): {}",
          name,
          attempt,
          settings.publishAttempts(),
          last.getMessage());
    }
    throw last;
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
            codec,
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
    requireNonNull(name, "name is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(handler, "handler is null");
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
    CompletableFuture<Void> cutOff =
        CompletableFuture.runAsync(
            () -> closeQuietly(body),
            CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS));
    int handed = 0;
    try (NdjsonStream lines = new NdjsonStream(body, name, NdjsonStream.MAX_LINE_BYTES)) {
      for (String line = lines.nextLine(); line != null; line = lines.nextLine()) {
        BusEvent event;
        try {
          event = codec.parseEnvelope(line, name);
        } catch (IllegalArgumentException e) {
          LOG.warn(
              "skipped a replayed line of {} characters of {}: {}",
              line.length(),
              name,
              e.getMessage());
          continue;
        }
        handler.onEvent(event);
        handed++;
      }
    } catch (IOException e) {
      throw new EventBusException(
          EventBusException.Kind.IO,
          0,
          closed
              ? "replaying " + name + " was cut short: the event bus is closed"
              : cutOff.isDone()
                  ? "replaying " + name + " took longer than " + timeout
                  : "replaying " + name + " failed: " + e.getClass().getSimpleName(),
          e);
    } finally {
      cutOff.cancel(false);
      replays.remove(body);
    }
    return handed;
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
      Thread.sleep(delay.toMillis());
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
