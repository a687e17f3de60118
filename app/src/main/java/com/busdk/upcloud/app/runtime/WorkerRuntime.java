package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.ListenAddress;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.health.Readiness;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.wiring.Assembly;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured worker on an event bus: the injector for its mode, the ssh response listener when
 * the mode needs one, and the listener loop. {@code Main} runs it in the foreground; embedding
 * services and tests run it in the background and stop it.
 */
public final class WorkerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  private static final String SSH_RESPONSES = BusEventName.SSH_SCRIPT_RUN.response();

  private final Injector injector;
  private final Worker worker;
  private final Telemetry telemetry;
  private final HealthServer health;
  private final boolean sshListener;
  private final List<Service> services;
  private final RunJournal journal;

  private WorkerRuntime(
      Injector injector,
      Worker worker,
      Telemetry telemetry,
      ListenAddress healthListen,
      RunJournal journal) {
    this.injector = injector;
    this.worker = worker;
    this.telemetry = telemetry;
    this.journal = journal;
    this.services = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Service>>() {})));
    this.sshListener = services.stream().anyMatch(s -> s.name().equals(SSH_RESPONSES));
    this.health =
        healthListen == null ? null : new HealthServer(healthListen, this::readiness, telemetry);
  }

  /**
   * Wires a worker for {@code settings}, opening its run journal ({@link Journals}). {@code
   * overrides} replace bindings of the standard modules, for tests and embedding (for example a
   * different {@code Reachability}).
   *
   * @throws com.busdk.upcloud.ports.JournalException when the run journal cannot be opened
   */
  public static WorkerRuntime create(
      Settings settings, EventBus bus, TimeSource time, Module... overrides) {
    return create(settings, bus, time, Telemetry.create(), overrides);
  }

  /**
   * Like {@link #create(Settings, EventBus, TimeSource, Module...)}, recording metrics in {@code
   * telemetry} (which the event bus may report its streams to as well).
   */
  public static WorkerRuntime create(
      Settings settings, EventBus bus, TimeSource time, Telemetry telemetry, Module... overrides) {
    requireNonNull(settings, "settings is null");
    RunJournal journal = Journals.open(settings.state(), time);
    try {
      return create(settings, bus, journal, time, telemetry, overrides);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * Like {@link #create(Settings, EventBus, TimeSource, Module...)} on a journal of the caller's.
   */
  public static WorkerRuntime create(
      Settings settings, EventBus bus, RunJournal journal, TimeSource time, Module... overrides) {
    return create(settings, bus, journal, time, Telemetry.create(), overrides);
  }

  /** The worker on a journal of the caller's, recording metrics in {@code telemetry}. */
  public static WorkerRuntime create(
      Settings settings,
      EventBus bus,
      RunJournal journal,
      TimeSource time,
      Telemetry telemetry,
      Module... overrides) {
    requireNonNull(settings, "settings is null");
    requireNonNull(telemetry, "telemetry is null");
    Injector injector = Assembly.worker(settings, bus, journal, time, telemetry, overrides);
    RequestDispatcher dispatcher = injector.getInstance(RequestDispatcher.class);
    dispatcher.addListener(new RequestMetrics(telemetry));
    telemetry.inFlight(dispatcher::inFlight);
    dispatcher.requestNames().forEach(telemetry::expectStream);
    Delivery delivery = Delivery.unicast(settings.events().group(), settings.events().consumer());
    Worker worker =
        new Worker(
            bus,
            dispatcher,
            delivery,
            settings.worker().once(),
            settings.worker().shutdownGrace(),
            settings.events().listenerRequired());
    return new WorkerRuntime(
        injector, worker, telemetry, settings.worker().healthListen(), journal);
  }

  public Injector injector() {
    return injector;
  }

  /**
   * Starts the health listener (when configured) and the mode's services (such as the ssh response
   * listener) in order, runs until stopped, then stops the services in reverse order and closes the
   * run journal.
   */
  public int run() throws InterruptedException {
    startHealth();
    List<Service> started = new java.util.ArrayList<>();
    try {
      if (sshListener) {
        telemetry.expectStream(SSH_RESPONSES);
      }
      for (Service service : services) {
        service.start();
        started.add(0, service);
        LOG.info("{} started", service.name());
      }
      return worker.run();
    } finally {
      started.forEach(Service::stop);
      if (health != null) {
        health.close();
      }
      // The dispatcher has shut down: every answer is out, so its threads can go.
      injector.getInstance(RequestThreads.class).close();
      journal.close();
    }
  }

  /**
   * Binds the health listener now (idempotent), so that its address can be printed before {@link
   * #run()}; empty when none is configured.
   */
  public Optional<InetSocketAddress> startHealth() {
    return health == null ? Optional.empty() : Optional.of(health.start());
  }

  /** The worker's readiness: its request streams and, in container modes, the ssh responses. */
  public Readiness readiness() {
    Readiness requests = worker.readiness();
    if (!sshListener || requests.streams().isEmpty()) {
      return requests;
    }
    Map<String, String> streams = new LinkedHashMap<>(requests.streams());
    streams.put(
        SSH_RESPONSES,
        telemetry.streamConnected(SSH_RESPONSES).orElse(false)
            ? Readiness.CONNECTED
            : Readiness.CONNECTING);
    return Readiness.of(streams);
  }

  public Telemetry telemetry() {
    return telemetry;
  }

  /** {@link #run()} on a background thread; the future holds the exit code. */
  public CompletableFuture<Integer> runInBackground() {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                exit.complete(run());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.complete(ExitCodes.RUNTIME_FAILURE);
              } catch (RuntimeException e) {
                exit.completeExceptionally(e);
              }
            },
            "worker");
    t.start();
    return exit;
  }

  /** Waits until every request stream is connected; false on timeout. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return worker.awaitReady(timeout);
  }

  /** Asks the listener loop to stop; in-flight requests get the shutdown grace period. */
  public void stop() {
    worker.requestStop(ExitCodes.OK);
  }
}
