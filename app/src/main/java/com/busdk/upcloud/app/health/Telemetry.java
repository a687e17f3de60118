package com.busdk.upcloud.app.health;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.events.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The worker's metrics, in one Micrometer registry that {@code /metrics} renders in the Prometheus
 * text format. Every name is listed in the operator guide. Label values come from a closed set (the
 * worker's event names, outcomes, UpCloud operations, HTTP statuses, lifecycle states), never from
 * a request's payload, so the number of series stays bounded.
 */
public final class Telemetry implements StreamObserver {
  /** Lifecycle states of the runner and VM gauges, plus absent (deleted) and unknown (not seen). */
  static final List<String> SERVER_STATES =
      List.of(
          "ready",
          "starting",
          "stopped",
          "maintenance",
          "pending",
          "unavailable",
          "absent",
          "unknown");

  private final PrometheusMeterRegistry registry;
  private final Map<String, AtomicReference<String>> serverStates = new ConcurrentHashMap<>();
  private final Map<String, Boolean> streams = new ConcurrentHashMap<>();
  private final AtomicBoolean jvmBound = new AtomicBoolean();
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  private Telemetry(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A registry for the worker's metrics. The JVM's memory, thread, processor and uptime metrics are
   * bound at the first scrape: binding them loads the management beans, a cost every start would
   * pay although most runs (a self-test, a check, a worker without {@code --health-listen}) are
   * never scraped.
   */
  public static Telemetry create() {
    return new Telemetry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private void bindJvmMetrics() {
    if (jvmBound.compareAndSet(false, true)) {
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
    }
  }

  MeterRegistry registry() {
    return registry;
  }

  /** Everything in the Prometheus text exposition format (version 0.0.4). */
  public String scrape() {
    bindJvmMetrics();
    return registry.scrape();
  }

  /** One answered request: its event name, outcome ({@code ok}, {@code error:<type>}), time. */
  public void requestFinished(String name, String outcome, Duration duration) {
    // Looked up once per name and outcome, not built and registered again for every request: the
    // builders cost more than the counting itself. Both sets are closed, so these maps stay small.
    requests
        .computeIfAbsent(
            name + '\n' + outcome,
            key ->
                Counter.builder("bus.requests")
                    .description("Requests answered, by request event name and outcome")
                    .tag("name", name)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    durations
        .computeIfAbsent(
            name,
            key ->
                Timer.builder("bus.request.duration")
                    .description("Time from taking a request to publishing its answer")
                    .tag("name", name)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(40))
                    .register(registry))
        .record(duration);
  }

  /** Requests being handled right now. */
  public void inFlight(Supplier<Number> count) {
    requireNonNull(count, "count is null");
    Gauge.builder("bus.requests.in.flight", count)
        .description("Requests being handled right now")
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void connected(String name, boolean reconnect) {
    expectStream(name);
    streams.put(name, true);
    if (reconnect) {
      Counter.builder("bus.events.stream.reconnects")
          .description("Times an Events API stream was established again after it was lost")
          .tag("stream", name)
          .register(registry)
          .increment();
    }
  }

  @Override
  public void disconnected(String name) {
    expectStream(name);
    streams.put(name, false);
  }

  /** Declares a stream the worker keeps open, so its gauge shows 0 before it ever connects. */
  public void expectStream(String name) {
    streams.computeIfAbsent(
        name,
        n -> {
          Gauge.builder(
                  "bus.events.stream.connected", streams, m -> m.getOrDefault(n, false) ? 1 : 0)
              .description("1 while the Events API stream is connected")
              .tag("stream", n)
              .register(registry);
          return false;
        });
  }

  /** Whether {@code stream} is connected, as last reported; empty when it was never seen. */
  public Optional<Boolean> streamConnected(String stream) {
    return Optional.ofNullable(streams.get(stream));
  }

  /** One HTTP exchange with UpCloud; status 0 when no answer arrived. */
  public void upcloudCall(String operation, int status, Duration elapsed) {
    String code = status == 0 ? "none" : Integer.toString(status);
    Counter.builder("upcloud.api.calls")
        .description("HTTP exchanges with the UpCloud API, by operation and status")
        .tag("operation", operation)
        .tag("status", code)
        .register(registry)
        .increment();
    Timer.builder("upcloud.api.call.duration")
        .description("Time of one HTTP exchange with the UpCloud API")
        .tag("operation", operation)
        .register(registry)
        .record(elapsed);
  }

  /** One script run through the ssh-runner (or locally), with how it ended. */
  public void scriptRun(String outcome, Duration elapsed) {
    Counter.builder("bus.ssh.runner.calls")
        .description(
            "Scripts sent to bus-integration-ssh-runner (or run locally with --local), by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("bus.ssh.runner.call.duration")
        .description("Time from sending a script to its result")
        .register(registry)
        .record(elapsed);
  }

  /**
   * The last observed state of a server the worker drives ({@code runner} or {@code vm}), as a
   * one-hot gauge {@code bus_<role>_state{state}}.
   */
  public void serverState(String role, String state) {
    String value = state.toLowerCase(Locale.ROOT);
    AtomicReference<String> current =
        serverStates.computeIfAbsent(
            role,
            r -> {
              AtomicReference<String> ref = new AtomicReference<>("unknown");
              for (String s : SERVER_STATES) {
                Gauge.builder("bus." + r + ".state", ref, v -> v.get().equals(s) ? 1 : 0)
                    .description("1 for the last observed lifecycle state of the " + r)
                    .tag("state", s)
                    .register(registry);
              }
              return ref;
            });
    current.set(SERVER_STATES.contains(value) ? value : "unknown");
  }

  /** Declares the state gauge of {@code role} before anything was observed ({@code unknown}). */
  public void expectServer(String role) {
    serverState(role, "unknown");
  }

  /** The expiry of the Bus API token in use, read at each scrape; empty when it has none. */
  public void tokenExpiry(Supplier<Optional<Instant>> expiry) {
    requireNonNull(expiry, "expiry is null");
    Gauge.builder(
            "bus.api.token.expiry", () -> expiry.get().map(Instant::getEpochSecond).orElse(-1L))
        .description(
            "Expiry (exp) of the Bus API token in use, in Unix seconds; -1 when it has none")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }
}
