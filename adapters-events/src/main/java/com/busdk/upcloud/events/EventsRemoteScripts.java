package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteScripts} over {@code bus.ssh.script.run.request/response}. One broadcast listener on
 * the response name serves every call: broadcast delivers other callers' responses too, so each
 * call waits on its own correlation id and foreign ids are ignored. When the listener dies, every
 * waiting call fails at once instead of running into its timeout.
 *
 * <p>Broadcast streams have no server-side cursor: a response published while the listener was
 * reconnecting is never delivered to it. Each reconnect is therefore followed by one bounded {@link
 * EventBus#replay} of the response name that completes the calls still waiting; without it such a
 * call would sit until its timeout (up to the container run timeout). A bus that never drops a
 * listener (the in-memory one) never calls for a catch-up.
 */
public final class EventsRemoteScripts implements RemoteScripts, AutoCloseable {
  public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(30);

  /** The most stdout, and separately stderr, that one container run may return by default. */
  public static final long DEFAULT_OUTPUT_LIMIT_BYTES = 1024 * 1024;

  /** The response line limit that fits {@link #DEFAULT_OUTPUT_LIMIT_BYTES} of each stream. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES =
      maxResponseBytesFor(DEFAULT_OUTPUT_LIMIT_BYTES);

  private static final int ENVELOPE_ALLOWANCE = 64 * 1024;
  private static final int WORST_CASE_ESCAPING = 6;

  private static final Logger LOG = LoggerFactory.getLogger(EventsRemoteScripts.class);
  private static final String REQUEST = BusEventName.SSH_SCRIPT_RUN.request();
  private static final String RESPONSE = BusEventName.SSH_SCRIPT_RUN.response();
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(20);

  private final EventBus bus;
  private final Duration margin;
  private final int maxResponseBytes;
  private final Map<String, Call> pending = new ConcurrentHashMap<>();
  // Off the stream's thread, so live responses keep flowing while the replay is read.
  private final ExecutorService catchUps =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "ssh-response-catch-up");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Subscription subscription;
  private volatile RemoteScriptException stopped;

  /**
   * Remote scripts whose answers may be up to {@link #DEFAULT_MAX_RESPONSE_BYTES} long.
   *
   * @param margin added to each request's {@code timeout_seconds} for transport and queueing
   */
  public EventsRemoteScripts(EventBus bus, Duration margin) {
    this(bus, margin, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /**
   * @param margin added to each request's {@code timeout_seconds} for transport and queueing
   * @param maxResponseBytes the longest {@code bus.ssh.script.run.response} line read whole (see
   *     {@link #maxResponseBytesFor}); a longer answer to a pending call fails that call at once
   */
  public EventsRemoteScripts(EventBus bus, Duration margin, int maxResponseBytes) {
    this.bus = requireNonNull(bus, "bus is null");
    this.margin = requireNonNull(margin, "margin is null");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("margin is negative");
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * The response line limit for runs whose stdout and stderr are each capped at {@code
   * outputLimitBytes}: {@code 2 × cap × 6 + 64 KiB}. Two streams; each byte may be written as a
   * six-character JSON escape (a control byte is written as backslash, u and four hex digits) in
   * the worst case; and 64 KiB for the envelope, the error object and the other fields.
   *
   * @throws IllegalArgumentException when the cap is not positive or the limit would pass 2 GiB
   */
  public static int maxResponseBytesFor(long outputLimitBytes) {
    if (outputLimitBytes < 1) {
      throw new IllegalArgumentException("outputLimitBytes must be positive");
    }
    try {
      long escaped =
          Math.multiplyExact(Math.multiplyExact(2, outputLimitBytes), WORST_CASE_ESCAPING);
      return Math.toIntExact(Math.addExact(escaped, ENVELOPE_ALLOWANCE));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("output limit too large: " + outputLimitBytes, e);
    }
  }

  /**
   * Opens the response listener and waits until it is connected, so no response can slip by before
   * the first request is sent.
   *
   * @throws EventBusException when the listener is refused or does not connect in time
   */
  public synchronized void start(Duration connectTimeout) throws InterruptedException {
    if (subscription != null) {
      throw new IllegalStateException("already started");
    }
    Subscription listener =
        bus.subscribe(RESPONSE, Delivery.broadcast(), this::onResponse, responseStream());
    subscription = listener;
    var unused = listener.termination().whenComplete((ignored, failure) -> onListenerEnd(failure));
    if (!listener.awaitConnected(connectTimeout)) {
      Optional<Throwable> cause = failureOf(listener);
      listener.close();
      if (cause.isPresent() && cause.get() instanceof EventBusException refused) {
        throw refused;
      }
      throw new EventBusException(
          EventBusException.Kind.UNAVAILABLE,
          "the " + RESPONSE + " listener did not connect within " + connectTimeout);
    }
  }

  /**
   * Publishes the request and returns its pending call: the future completes from the response
   * listener, or fails with {@link RemoteScriptException.Kind#TIMEOUT} once the request's timeout
   * plus the margin passed. No thread waits for it; the deadline sits in the JDK's shared delay
   * scheduler and is cancelled when the answer comes.
   */
  @Override
  public CompletableFuture<ScriptResult> submit(String correlationId, ScriptRequest request) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(request, "request is null");
    if (subscription == null) {
      throw new IllegalStateException("start() was not called");
    }
    Call call = new Call();
    if (pending.putIfAbsent(correlationId, call) != null) {
      throw new IllegalArgumentException("correlation id already in use: " + correlationId);
    }
    RemoteScriptException down = stopped;
    if (down != null) {
      pending.remove(correlationId, call);
      return CompletableFuture.failedFuture(down);
    }
    try {
      PublishReceipt receipt =
          bus.publish(
              REQUEST, correlationId, new TreePayload(SshScriptCodec.encodeRequest(request)));
      call.requestAccepted = EventIds.timeOf(receipt.id()).orElse(null);
    } catch (EventBusException e) {
      pending.remove(correlationId, call);
      return CompletableFuture.failedFuture(
          new RemoteScriptException(
              RemoteScriptException.Kind.TRANSPORT,
              "cannot publish " + REQUEST + ": " + e.getMessage(),
              e));
    }
    Duration wait = Duration.ofSeconds(request.timeoutSeconds()).plus(margin);
    return call.answer
        .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (result, failure) -> {
              pending.remove(correlationId, call);
              if (failure == null) {
                return result;
              }
              throw failureOf(failure, correlationId, request);
            });
  }

  private RemoteScriptException failureOf(
      Throwable failure, String correlationId, ScriptRequest request) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return new RemoteScriptException(
          RemoteScriptException.Kind.TIMEOUT,
          "no " + RESPONSE + " for " + correlationId + " within " + describe(request));
    }
    if (cause instanceof RemoteScriptException remote) {
      return remote;
    }
    return new RemoteScriptException(
        RemoteScriptException.Kind.TRANSPORT, "ssh script call failed", cause);
  }

  /** How many calls are waiting for a response. */
  public int pendingCalls() {
    return pending.size();
  }

  /** Whether the response listener's stream is established right now. */
  boolean listenerConnected() {
    Subscription listener = subscription;
    return listener != null && listener.isConnected();
  }

  /** Closes the listener; waiting calls fail with {@link RemoteScriptException.Kind#TRANSPORT}. */
  @Override
  public void close() {
    Subscription listener = subscription;
    if (listener != null) {
      listener.close();
    }
    catchUps.shutdownNow();
  }

  private void onResponse(BusEvent event) {
    Call call = event.correlationId().map(pending::get).orElse(null);
    if (call == null) {
      LOG.debug("ignored {} {}: not one of ours", RESPONSE, event.id());
      return;
    }
    settle(call, event, event.correlationId().get());
  }

  /** The response stream: long lines, and a catch-up after every reconnect. */
  private StreamOptions responseStream() {
    return StreamOptions.defaults()
        .withMaxEventBytes(maxResponseBytes)
        .withReconnectListener(this::scheduleCatchUp);
  }

  private void scheduleCatchUp() {
    try {
      catchUps.execute(this::catchUp);
    } catch (RejectedExecutionException e) {
      LOG.debug("no catch-up on {}: closed", RESPONSE);
    }
  }

  private void catchUp() {
    if (pending.isEmpty()) {
      return;
    }
    LOG.info(
        "{} listener reconnected; replaying it for {} pending ssh script calls",
        RESPONSE,
        pending.size());
    try {
      bus.replay(RESPONSE, responseStream(), CATCH_UP_TIMEOUT, this::onReplayed);
    } catch (EventBusException | IllegalStateException e) {
      LOG.warn(
          "catching up on {} failed: {}; pending calls wait for their own timeout",
          RESPONSE,
          e.getMessage());
    }
  }

  /**
   * Like {@link #onResponse}, except that the replay holds the name's whole history: a response
   * older than our request answered an earlier call that used the same correlation id.
   */
  private void onReplayed(BusEvent event) {
    Optional<String> correlationId = event.correlationId();
    Call call = correlationId.map(pending::get).orElse(null);
    if (call == null) {
      return;
    }
    Instant requested = call.requestAccepted;
    Optional<Instant> answered = EventIds.timeOf(event.id());
    if (requested != null && answered.isPresent() && answered.get().isBefore(requested)) {
      LOG.debug("ignored replayed {} {}: older than the request", RESPONSE, event.id());
      return;
    }
    if (settle(call, event, correlationId.get())) {
      LOG.info(
          "recovered the {} for {} from the replay after a reconnect",
          RESPONSE,
          correlationId.get());
    }
  }

  /** Completes the call with this response; false when it already had one. */
  private static boolean settle(Call call, BusEvent event, String correlationId) {
    try {
      return call.answer.complete(SshScriptCodec.decodeResult(event));
    } catch (EventTooLargeException e) {
      return call.answer.completeExceptionally(
          new RemoteScriptException(
              RemoteScriptException.Kind.TRANSPORT,
              "the ssh-runner answer for "
                  + correlationId
                  + " was larger than "
                  + e.limit()
                  + " bytes",
              e));
    } catch (PayloadException e) {
      return call.answer.completeExceptionally(
          new RemoteScriptException(
              RemoteScriptException.Kind.TRANSPORT,
              "malformed " + RESPONSE + ": " + e.getMessage(),
              e));
    }
  }

  private void onListenerEnd(Throwable failure) {
    String reason =
        failure == null
            ? "the " + RESPONSE + " listener was closed"
            : "the " + RESPONSE + " listener stopped: " + rootMessage(failure);
    RemoteScriptException down =
        new RemoteScriptException(RemoteScriptException.Kind.TRANSPORT, reason, failure);
    stopped = down;
    if (!pending.isEmpty()) {
      LOG.error("{}; failing {} pending ssh script calls", reason, pending.size());
    }
    pending.values().forEach(call -> call.answer.completeExceptionally(down));
  }

  private static Optional<Throwable> failureOf(Subscription listener) {
    CompletableFuture<Void> termination = listener.termination();
    if (!termination.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      termination.join();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.ofNullable(e.getCause());
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private String describe(ScriptRequest request) {
    return request.timeoutSeconds() + "s + " + margin.toSeconds() + "s margin";
  }

  /** One waiting call. */
  private static final class Call {
    final CompletableFuture<ScriptResult> answer = new CompletableFuture<>();

    /** When the Events API accepted the request, from its {@code evt_} id; null until known. */
    volatile Instant requestAccepted;
  }
}
