package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish half of {@link HttpEventBus}. A publish is handed to one of a few sender threads,
 * which makes its first attempt as one blocking exchange and completes the future with the answer;
 * the caller is never held, except for a place. Only a failed first try moves to {@code retries},
 * where the attempts that follow pause through the {@link TimeSource}. At most {@code
 * maxOutstanding} publishes are under way at once (queued for a sender, on the wire or retrying); a
 * caller beyond that waits for a place, which is the back pressure a pipelined dispatcher needs.
 *
 * <p>Whatever a caller chains on the returned future runs on the sender (or retry) thread that
 * completes it, after the publish gave its place back: it must be short and must not wait for
 * another publish.
 */
final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final EventsSettings settings;
  private final HttpClient client;
  private final EventsToken tokens;
  private final TimeSource time;
  private final EventCodec codec;
  private final ReplayReader replays;
  private final Executor senders;
  private final Executor retries;
  private final Semaphore outstanding;

  /** What every publish of one bus shares. */
  record Parts(
      EventsSettings settings,
      HttpClient client,
      EventsToken tokens,
      TimeSource time,
      EventCodec codec,
      ReplayReader replays) {
    Parts {
      requireNonNull(settings, "settings is null");
      requireNonNull(client, "client is null");
      requireNonNull(tokens, "tokens is null");
      requireNonNull(time, "time is null");
      requireNonNull(codec, "codec is null");
      requireNonNull(replays, "replays is null");
    }
  }

  Publisher(Parts parts, Executor senders, Executor retries, int maxOutstanding) {
    this.settings = parts.settings();
    this.client = parts.client();
    this.tokens = parts.tokens();
    this.time = parts.time();
    this.codec = parts.codec();
    this.replays = parts.replays();
    this.senders = requireNonNull(senders, "senders is null");
    this.retries = requireNonNull(retries, "retries is null");
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding must be positive");
    }
    this.outstanding = new Semaphore(maxOutstanding);
  }

  /**
   * Publishes {@code body}; with {@code here}, the first attempt is made on the calling thread
   * (unless it was interrupted: an interrupted send would fail at once, so that answer goes through
   * a sender), and only a failed first attempt moves on to the retry threads.
   */
  CompletableFuture<PublishReceipt> publish(
      String name, String correlationId, String body, boolean here) {
    // A free place is taken even by an interrupted thread: the answer of a request cut short by
    // shutdown still goes out. Only waiting for a place gives way to an interrupt.
    if (!outstanding.tryAcquire()) {
      try {
        outstanding.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableFuture.failedFuture(interrupted(name, e));
      }
    }
    CompletableFuture<PublishReceipt> receipt = new CompletableFuture<>();
    if (here && !Thread.currentThread().isInterrupted()) {
      firstAttempt(name, correlationId, body, receipt);
      return receipt;
    }
    try {
      senders.execute(() -> firstAttempt(name, correlationId, body, receipt));
    } catch (RejectedExecutionException e) {
      outstanding.release();
      return CompletableFuture.failedFuture(closed(name, e));
    }
    return receipt;
  }

  /** How many more publishes may start now without waiting. */
  int freePlaces() {
    return outstanding.availablePermits();
  }

  /**
   * The first attempt, on a sender or the caller's thread; a failure moves on to {@code retries}.
   */
  private void firstAttempt(
      String name, String correlationId, String body, CompletableFuture<PublishReceipt> receipt) {
    Instant deadline = time.now().plus(settings.publishFor());
    String token = tokens.current();
    HttpResponse<String> response = null;
    Throwable failure = null;
    try {
      response = client.send(request(token, body), HttpResponse.BodyHandlers.ofString(UTF_8));
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      // The bus is closing its senders: this publish ends here, like one the retries give up.
      settle(receipt, null, interrupted(name, e));
      return;
    } catch (RuntimeException e) {
      settle(receipt, null, e);
      return;
    }
    if (failure == null && PublishAnswers.isSuccess(response.statusCode())) {
      settle(receipt, PublishAnswers.receipt(codec, name, response.body()), null);
      return;
    }
    Attempts attempts = new Attempts(name, correlationId, body, deadline);
    HttpResponse<String> first = response;
    Throwable firstFailure = failure;
    try {
      retries.execute(
          () -> {
            PublishReceipt done;
            try {
              done = attempts.after(token, first, firstFailure);
            } catch (RuntimeException e) {
              settle(receipt, null, e);
              return;
            }
            settle(receipt, done, null);
          });
    } catch (RejectedExecutionException e) {
      settle(receipt, null, closed(name, e));
    }
  }

  /** Gives the place back first, so whatever the caller chains may publish again. */
  private void settle(
      CompletableFuture<PublishReceipt> receipt, PublishReceipt done, Throwable failure) {
    outstanding.release();
    if (failure == null) {
      receipt.complete(done);
    } else {
      receipt.completeExceptionally(failure);
    }
  }

  private HttpRequest request(String token, String body) {
    URI collection = settings.collection();
    return HttpRequest.newBuilder(collection)
        .timeout(PUBLISH_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8))
        .build();
  }

  /**
   * The attempts after a failed first one, on a retry thread. A refusal that says nothing was
   * stored (503, 429, 408, a connection never made) is simply tried again. A failure after the
   * request may have been stored (an I/O error or timeout once it was sent, or a 500, 502 or 504)
   * makes the next attempt first look for the event among those stored under the name; when it is
   * there, it is not sent again. A refused token that the token source renews gets one more round
   * with the new token.
   */
  private final class Attempts {
    private final String name;
    private final String correlationId;
    private final String body;
    private final Instant deadline;
    private final Backoff backoff;
    private boolean mayBeStored;
    private EventBusException last;
    private int attempt = 1;

    Attempts(String name, String correlationId, String body, Instant deadline) {
      this.name = name;
      this.correlationId = correlationId;
      this.body = body;
      this.deadline = deadline;
      this.backoff = new Backoff(settings.publishBackoff(), settings.retryMax());
    }

    PublishReceipt after(String token, HttpResponse<String> response, Throwable failure) {
      try {
        return withToken(token, response, failure);
      } catch (EventBusException e) {
        if (!e.isAuthFailure()
            || !tokens.renewAfterRefusal(token)
            || tokens.current().equals(token)) {
          throw e;
        }
        LOG.info("publish of {} refused ({}); retrying with the renewed token", name, e.kind());
        Attempts renewed =
            new Attempts(name, correlationId, body, time.now().plus(settings.publishFor()));
        return renewed.withToken(tokens.current(), null, null);
      }
    }

    /** Goes on from the outcome of one attempt made with {@code token} (none yet when null). */
    private PublishReceipt withToken(
        String token, HttpResponse<String> response, Throwable failure) {
      HttpRequest request = request(token, body);
      if (response != null || failure != null) {
        Optional<PublishReceipt> done = judge(response, failure);
        if (done.isPresent()) {
          return done.get();
        }
      } else {
        attempt = 0;
      }
      while (true) {
        attempt++;
        if (attempt > 1) {
          pauseOrGiveUp();
          if (mayBeStored) {
            Optional<PublishReceipt> stored = alreadyStored();
            if (stored.isPresent()) {
              return stored.get();
            }
          }
        }
        HttpResponse<String> next = null;
        Throwable error = null;
        try {
          next = client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
          error = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted(name, e);
        }
        Optional<PublishReceipt> done = judge(next, error);
        if (done.isPresent()) {
          return done.get();
        }
      }
    }

    /** The receipt of a success; empty for a failure worth another attempt; else throws. */
    private Optional<PublishReceipt> judge(HttpResponse<String> response, Throwable failure) {
      if (failure instanceof IOException io) {
        last =
            new EventBusException(
                EventBusException.Kind.IO,
                "publishing " + name + " failed: " + io.getClass().getSimpleName(),
                io);
        mayBeStored |= !PublishAnswers.neverSent(io);
      } else if (failure != null) {
        throw new EventBusException(
            EventBusException.Kind.IO, "publishing " + name + " failed", failure);
      } else {
        int status = response.statusCode();
        if (PublishAnswers.isSuccess(status)) {
          return Optional.of(PublishAnswers.receipt(codec, name, response.body()));
        }
        last = PublishAnswers.refusal(codec, name, status, response.body());
        if (!EventsApiAnswers.isTransient(status)) {
          throw last;
        }
        mayBeStored |= PublishAnswers.mayHaveBeenStored(status);
      }
      LOG.warn("publish of {} failed (attempt {}): {}", name, attempt, last.getMessage());
      return Optional.empty();
    }

    private void pauseOrGiveUp() {
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
      try {
        time.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted(name, e);
      }
    }

    /**
     * Whether the Events API already holds an event of this name with this correlation id. The
     * Events API offers no idempotency key, so name and correlation id are the identity; without a
     * correlation id nothing can be told apart and the event is sent again. A look-up that fails
     * counts as a failed attempt (a bus that cannot answer it cannot take the event either); one
     * the token may not make (401/403) is logged and treated as "not there", which is the old
     * at-least-once behaviour.
     */
    private Optional<PublishReceipt> alreadyStored() {
      if (correlationId == null || correlationId.isEmpty()) {
        return Optional.empty();
      }
      Optional<PublishReceipt> stored;
      try {
        stored = replays.read(name, codec.maxEventBytes(), PUBLISH_TIMEOUT, this::sameEvent);
      } catch (EventBusException e) {
        if (e.isAuthFailure()) {
          LOG.warn(
              "cannot check whether {} correlation_id={} was stored ({}); sending it again",
              name,
              correlationId,
              e.getMessage());
          return Optional.empty();
        }
        last = e;
        LOG.warn("publish of {} failed (attempt {}): {}", name, attempt, e.getMessage());
        attempt++;
        pauseOrGiveUp();
        return alreadyStored();
      }
      stored.ifPresent(
          found ->
              LOG.info(
                  "{} correlation_id={} was stored before its answer was lost; not sent again",
                  name,
                  correlationId));
      return stored;
    }

    private Optional<PublishReceipt> sameEvent(NdjsonStream.Line line) {
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
    }
  }

  private static EventBusException closed(String name, RejectedExecutionException e) {
    return new EventBusException(
        EventBusException.Kind.IO, "publishing " + name + " failed: the event bus is closed", e);
  }

  private static EventBusException interrupted(String name, InterruptedException e) {
    return new EventBusException(
        EventBusException.Kind.IO, "publishing " + name + " was interrupted", e);
  }
}
