package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBusException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded look-backs at the Events API: {@code replay=true&follow=false} on a broadcast stream of
 * one name, read line by line so only one event is held at a time. The timeout bounds the whole
 * query, and {@link #closeAll()} ends every query at once: closing the body is what unblocks a read
 * stuck on a silent server, interrupting does not.
 */
final class ReplayReader {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayReader.class);

  private final URI collection;
  private final HttpClient client;
  private final EventsToken tokens;
  private final Set<InputStream> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ReplayReader(URI collection, HttpClient client, EventsToken tokens) {
    this.collection = requireNonNull(collection, "collection is null");
    this.client = requireNonNull(client, "client is null");
    this.tokens = requireNonNull(tokens, "tokens is null");
  }

  /**
   * Streams the replay of {@code name} to {@code visitor} line by line, until the snapshot ends or
   * the visitor has an answer.
   *
   * @throws EventBusException when the query is refused, fails, or does not finish in time
   */
  <T> Optional<T> read(
      String name,
      int maxEventBytes,
      Duration timeout,
      Function<NdjsonStream.Line, Optional<T>> visitor) {
    requireNonNull(name, "name is null");
    requireNonNull(timeout, "timeout is null");
    if (closed) {
      throw new IllegalStateException("event bus is closed");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    InputStream body = open(name, timeout);
    open.add(body);
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
          closed
              ? "replaying " + name + " was cut short: the event bus is closed"
              : timedOut.get()
                  ? "replaying " + name + " took longer than " + timeout
                  : "replaying " + name + " failed: " + e.getClass().getSimpleName(),
          e);
    } finally {
      cutOff.cancel(false);
      open.remove(body);
    }
    return Optional.empty();
  }

  /** Ends every query under way; later ones are refused. */
  void closeAll() {
    closed = true;
    for (InputStream body : open) {
      closeQuietly(body);
    }
  }

  private InputStream open(String name, Duration timeout) {
    HttpRequest request =
        EventsUrl.readOnce(
            collection, name, "&delivery=broadcast&replay=true", tokens.current(), timeout);
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new EventBusException(
          EventBusException.Kind.IO,
          "replaying " + name + " failed: " + e.getClass().getSimpleName(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException(
          EventBusException.Kind.IO, "replaying " + name + " was interrupted", e);
    }
    InputStream body = response.body();
    int status = response.statusCode();
    if (status != 200) {
      closeQuietly(body);
      String prefix = "Events API refused the replay of " + name + " (" + status + ")";
      throw EventsApiAnswers.authRefusal(prefix, status, name, "events:listen")
          .orElseGet(() -> EventsApiAnswers.otherRefusal(prefix, status));
    }
    return body;
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      LOG.debug("closing a replay answer failed", e);
    }
  }
}
