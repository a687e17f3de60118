package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteScripts} over {@code bus.ssh.script.run.request/response}. One broadcast listener on
 * the response name serves every call: broadcast delivers other callers' responses too, so each
 * call waits on its own correlation id and foreign ids are ignored. When the listener dies, every
 * waiting call fails at once instead of running into its timeout.
 */
public final class EventsRemoteScripts implements RemoteScripts, AutoCloseable {
  public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(EventsRemoteScripts.class);
  private static final String REQUEST = BusEventName.SSH_SCRIPT_RUN.request();
  private static final String RESPONSE = BusEventName.SSH_SCRIPT_RUN.response();

  private final EventBus bus;
  private final Duration margin;
  private final Map<String, CompletableFuture<ScriptResult>> pending = new ConcurrentHashMap<>();
  private volatile Subscription subscription;
  private volatile RemoteScriptException stopped;

  /**
   * @param margin added to each request's {@code timeout_seconds} for transport and queueing
   */
  public EventsRemoteScripts(EventBus bus, Duration margin) {
    this.bus = requireNonNull(bus, "bus is null");
    this.margin = requireNonNull(margin, "margin is null");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("margin is negative");
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
    Subscription listener = bus.subscribe(RESPONSE, Delivery.broadcast(), this::onResponse);
    subscription = listener;
    listener.termination().whenComplete((ignored, failure) -> onListenerEnd(failure));
    if (!listener.awaitConnected(connectTimeout)) {
      Optional<Throwable> cause = failureOf(listener);
      listener.close();
      if (cause.isPresent() && cause.get() instanceof EventBusException refused) {
        throw refused;
      }
      throw new EventBusException(
          EventBusException.Kind.UNAVAILABLE,
          0,
          "the " + RESPONSE + " listener did not connect within " + connectTimeout);
    }
  }

  @Override
  public ScriptResult run(String correlationId, ScriptRequest request) {
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(request, "request is null");
    if (subscription == null) {
      throw new IllegalStateException("start() was not called");
    }
    CompletableFuture<ScriptResult> answer = new CompletableFuture<>();
    if (pending.putIfAbsent(correlationId, answer) != null) {
      throw new IllegalArgumentException("correlation id already in use: " + correlationId);
    }
    try {
      RemoteScriptException down = stopped;
      if (down != null) {
        throw down;
      }
      try {
        bus.publish(REQUEST, correlationId, SshScriptCodec.encodeRequest(request));
      } catch (EventBusException e) {
        throw new RemoteScriptException(
            RemoteScriptException.Kind.TRANSPORT,
            "cannot publish " + REQUEST + ": " + e.getMessage(),
            e);
      }
      Duration wait = Duration.ofSeconds(request.timeoutSeconds()).plus(margin);
      return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RemoteScriptException(
          RemoteScriptException.Kind.TIMEOUT,
          "no " + RESPONSE + " for " + correlationId + " within " + describe(request));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RemoteScriptException failure) {
        throw failure;
      }
      throw new RemoteScriptException(
          RemoteScriptException.Kind.TRANSPORT, "ssh script call failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteScriptException(
          RemoteScriptException.Kind.TRANSPORT, "interrupted waiting for " + RESPONSE, e);
    } finally {
      pending.remove(correlationId, answer);
    }
  }

  /** How many calls are waiting for a response. */
  public int pendingCalls() {
    return pending.size();
  }

  /** Closes the listener; waiting calls fail with {@link RemoteScriptException.Kind#TRANSPORT}. */
  @Override
  public void close() {
    Subscription listener = subscription;
    if (listener != null) {
      listener.close();
    }
  }

  private void onResponse(BusEvent event) {
    Optional<String> correlationId = event.correlationId();
    CompletableFuture<ScriptResult> answer = correlationId.map(pending::get).orElse(null);
    if (answer == null) {
      LOG.debug("ignored {} {}: not one of ours", RESPONSE, event.id());
      return;
    }
    try {
      answer.complete(SshScriptCodec.decodeResult(event));
    } catch (PayloadException e) {
      answer.completeExceptionally(
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
    pending.values().forEach(answer -> answer.completeExceptionally(down));
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
}
