package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.health.Readiness;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.wiring.Assembly;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured worker: the injector for its mode, its services (the injector's {@code
 * Set<Service>}: health listener, Events API connection, request threads, ssh response listener, as
 * the mode has them) and the listener loop. {@code Main} runs it in the foreground; embedding
 * services and tests run it in the background and stop it.
 */
public final class WorkerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  private final Injector injector;
  private final Worker worker;
  private final WorkerReadiness readiness;
  private final Telemetry telemetry;
  private final Optional<HealthServer> health;
  private final List<Service> services;
  private final RunJournal journal;

  private WorkerRuntime(Injector injector, Telemetry telemetry, RunJournal journal) {
    this.injector = injector;
    this.telemetry = telemetry;
    this.journal = journal;
    this.worker = injector.getInstance(Worker.class);
    this.readiness = injector.getInstance(WorkerReadiness.class);
    this.health = injector.getInstance(Key.get(new TypeLiteral<Optional<HealthServer>>() {}));
    this.services = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Service>>() {})));
    RequestDispatcher dispatcher = injector.getInstance(RequestDispatcher.class);
    dispatcher.addListener(new RequestMetrics(telemetry));
    telemetry.inFlight(dispatcher::inFlight);
    dispatcher.requestNames().forEach(telemetry::expectStream);
    readiness.alsoRequired().forEach(telemetry::expectStream);
  }

  /**
   * A worker on the Events API that {@code settings.events()} describes, with its own run journal
   * ({@link Journals}). The bus, its token and their lifecycles belong to the injector: {@link
   * #run()} starts the token's refresh and closes the bus at the end.
   *
   * @throws com.busdk.upcloud.ports.JournalException when the run journal cannot be opened
   */
  public static WorkerRuntime onEventsApi(
      Settings settings, TimeSource time, Telemetry telemetry, Module... overrides) {
    requireNonNull(settings, "settings is null");
    requireNonNull(telemetry, "telemetry is null");
    return withJournal(
        settings,
        time,
        journal -> Assembly.workerOnEventsApi(settings, journal, time, telemetry, overrides),
        telemetry);
  }

  /**
   * Wires a worker for {@code settings} on a bus of the caller's (which the caller closes), opening
   * its run journal ({@link Journals}). {@code overrides} replace bindings of the standard modules,
   * for tests and embedding (for example a different {@code Reachability}).
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
    requireNonNull(telemetry, "telemetry is null");
    return withJournal(
        settings,
        time,
        journal -> Assembly.worker(settings, bus, journal, time, telemetry, overrides),
        telemetry);
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
    return new WorkerRuntime(
        Assembly.worker(settings, bus, journal, time, telemetry, overrides), telemetry, journal);
  }

  private static WorkerRuntime withJournal(
      Settings settings,
      TimeSource time,
      Function<RunJournal, Injector> wiring,
      Telemetry telemetry) {
    RunJournal journal = Journals.open(settings.state(), time);
    try {
      return new WorkerRuntime(wiring.apply(journal), telemetry, journal);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  public Injector injector() {
    return injector;
  }

  /**
   * Starts the services in order, runs until stopped, then stops the started services in reverse
   * order and closes the run journal.
   */
  public int run() throws InterruptedException {
    List<Service> started = new ArrayList<>();
    try {
      for (Service service : services) {
        service.start();
        started.add(0, service);
        LOG.info("{} started", service.name());
      }
      return worker.run();
    } finally {
      // The dispatcher has shut down: every answer is out, so its threads and the bus can go.
      started.forEach(Service::stop);
      journal.close();
    }
  }

  /**
   * Binds the health listener now (idempotent), so that its address can be printed before {@link
   * #run()}; empty when none is configured. The listener is still one of the services: {@link
   * #run()} stops it last.
   */
  public Optional<InetSocketAddress> startHealth() {
    return health.map(HealthServer::start);
  }

  /** The worker's readiness: its request streams and, in container modes, the ssh responses. */
  public Readiness readiness() {
    return readiness.get();
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
