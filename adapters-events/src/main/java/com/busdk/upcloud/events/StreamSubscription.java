package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NDJSON stream with its reader thread. The thread connects, reads lines and calls the handler
 * on itself; on EOF or an I/O error it reconnects after a backoff, and on 401/403 it gives up and
 * completes {@link #termination()} exceptionally, unless the token source renews the token (then it
 * keeps trying, each time with the current token). After every reconnect (not the first connect) it
 * runs the reconnect hook before reading, so a listener can look up what it missed while the new
 * stream's events wait in the connection.
 *
 * <p>Every connection is made with the token current at that moment. When the server ends a stream
 * and the token has changed since it was opened (a rotation: the server ends streams whose token
 * expired), the reader reconnects at once instead of backing off, so the stream is not left
 * disconnected. The reader never cuts an open stream itself to swap tokens: closing from this side
 * could drop an event the server has already written to the connection.
 */
final class StreamSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSubscription.class);
  private static final Duration CLOSE_JOIN = Duration.ofSeconds(5);

  private final String name;
  private final HttpRequest request;
  private final HttpClient client;
  private final EventCodec codec;
  private final EventHandler handler;
  private final boolean retryEnabled;
  private final Backoff backoff;
  private final Runnable onReconnect;
  private final Consumer<StreamSubscription> onEnd;
  private final EventsToken tokens;
  private final StreamObserver observer;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final CountDownLatch firstConnect = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicReference<InputStream> body = new AtomicReference<>();
  private final Thread reader;
  private volatile boolean connected;
  private volatile boolean everConnected;
  private volatile boolean closed;

  /** What every stream of one bus shares: the client, the token, the observer, the retry rule. */
  record Link(
      HttpClient client,
      EventsToken tokens,
      StreamObserver observer,
      boolean retryEnabled,
      Backoff backoff) {
    Link {
      requireNonNull(client, "client is null");
      requireNonNull(tokens, "tokens is null");
      requireNonNull(observer, "observer is null");
      requireNonNull(backoff, "backoff is null");
    }
  }

  /** One stream: its name and request, how its lines are read and who gets its events. */
  record Spec(
      String name,
      HttpRequest request,
      EventCodec codec,
      EventHandler handler,
      Runnable onReconnect) {
    Spec {
      requireNonNull(name, "name is null");
      requireNonNull(request, "request is null");
      requireNonNull(codec, "codec is null");
      requireNonNull(handler, "handler is null");
      requireNonNull(onReconnect, "onReconnect is null");
    }
  }

  /**
   * @param onEnd told once when the reader thread ends, so the bus forgets the subscription
   */
  StreamSubscription(Spec spec, Link link, Consumer<StreamSubscription> onEnd) {
    this.name = spec.name();
    this.request = spec.request();
    this.client = link.client();
    this.codec = spec.codec();
    this.handler = spec.handler();
    this.retryEnabled = link.retryEnabled();
    this.backoff = link.backoff();
    this.onReconnect = spec.onReconnect();
    this.onEnd = requireNonNull(onEnd, "onEnd is null");
    this.tokens = link.tokens();
    this.observer = link.observer();
    this.reader = new Thread(this::run, "events-stream-" + name);
    this.reader.setDaemon(true);
  }

  void start() {
    reader.start();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    return firstConnect.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
        && everConnected
        && !closed;
  }

  @Override
  public CompletableFuture<Void> termination() {
    return termination;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing.countDown();
    closeBody();
    reader.interrupt();
    if (Thread.currentThread() != reader) {
      try {
        reader.join(CLOSE_JOIN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    termination.complete(null);
  }

  private void run() {
    int failures = 0;
    try {
      while (!closed) {
        EventBusException fatal = null;
        String token = tokens.current();
        boolean rotated = false;
        try {
          HttpResponse<InputStream> response =
              client.send(withToken(token), HttpResponse.BodyHandlers.ofInputStream());
          int status = response.statusCode();
          if (status == 200) {
            failures = 0;
            readStream(response.body());
            rotated = !closed && !token.equals(tokens.current());
            if (!closed) {
              LOG.warn(
                  "{} stream ended; reconnecting{}",
                  name,
                  rotated ? " with the renewed token" : "");
            }
          } else {
            response.body().close();
            fatal = refusal(status);
            if (fatal == null) {
              LOG.warn("{} stream refused with HTTP {}; reconnecting", name, status);
            } else if (fatal.isAuthFailure() && tokens.renewAfterRefusal(token)) {
              rotated = !token.equals(tokens.current());
              LOG.warn(
                  "{}; retrying with the token {}",
                  fatal.getMessage(),
                  rotated ? "re-read from its file" : "from its file once it changes");
              fatal = null;
            }
          }
        } catch (IOException e) {
          if (!closed) {
            LOG.warn("{} stream failed: {}; reconnecting", name, e.getClass().getSimpleName());
          }
        } catch (InterruptedException e) {
          if (!closed) {
            fatal =
                new EventBusException(
                    EventBusException.Kind.IO, "the " + name + " stream was interrupted", e);
          }
        } finally {
          markDisconnected();
        }
        if (closed) {
          break;
        }
        if (fatal == null && !retryEnabled) {
          fatal =
              new EventBusException(
                  EventBusException.Kind.IO,
                  "the " + name + " stream ended and reconnecting is disabled");
        }
        if (fatal != null) {
          LOG.error("{}", fatal.getMessage());
          termination.completeExceptionally(fatal);
          return;
        }
        if (rotated) {
          continue;
        }
        Duration delay = backoff.delay(failures++);
        if (closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts the reader while it waits to reconnect; that is a normal end.
    } catch (RuntimeException | Error e) {
      LOG.error("{} stream reader failed", name, e);
      termination.completeExceptionally(
          new EventBusException(EventBusException.Kind.IO, "the " + name + " stream failed", e));
      return;
    } finally {
      markDisconnected();
      // Nobody should wait for a first connection that can no longer happen.
      firstConnect.countDown();
      onEnd.accept(this);
    }
    termination.complete(null);
  }

  private void readStream(InputStream in) throws IOException {
    body.set(in);
    if (closed) {
      closeBody();
      return;
    }
    boolean reconnected = everConnected;
    connected = true;
    everConnected = true;
    // The observer learns first, so whoever awaitConnected() wakes sees it reported.
    observer.connected(name, reconnected);
    firstConnect.countDown();
    LOG.info("{} stream {}", name, reconnected ? "reconnected" : "connected");
    try (NdjsonStream lines = new NdjsonStream(in, codec.maxEventBytes())) {
      if (reconnected) {
        runReconnectHook();
      }
      for (NdjsonStream.Line line = lines.next(); line != null && !closed; line = lines.next()) {
        EventsApiAnswers.deliver(codec, line, name, handler);
      }
    } finally {
      body.set(null);
    }
  }

  /** The stream request with the bearer token of this connection attempt. */
  private HttpRequest withToken(String token) {
    return HttpRequest.newBuilder(
            request, (header, value) -> !header.equalsIgnoreCase("Authorization"))
        .header("Authorization", "Bearer " + token)
        .build();
  }

  private void markDisconnected() {
    if (connected) {
      connected = false;
      observer.disconnected(name);
    }
  }

  private void runReconnectHook() {
    try {
      onReconnect.run();
    } catch (RuntimeException e) {
      LOG.error("reconnect hook for {} failed", name, e);
    }
  }

  /** 401/403 and 400 cannot heal by retrying; every other status may be a passing outage. */
  private EventBusException refusal(int status) {
    String prefix = "Events API refused the stream for " + name + " (" + status + ")";
    Optional<EventBusException> auth =
        EventsApiAnswers.authRefusal(prefix, status, name, "events:listen");
    if (auth.isPresent()) {
      return auth.get();
    }
    return switch (status) {
      case 400 ->
          new EventBusException(
              EventBusException.Kind.BAD_REQUEST,
              prefix + ": check the event name, group and consumer");
      default -> null;
    };
  }

  private void closeBody() {
    InputStream in = body.get();
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        LOG.debug("closing the {} stream body failed", name, e);
      }
    }
  }

  @Override
  public String toString() {
    return "StreamSubscription[" + name + ", connected=" + connected + "]";
  }
}
