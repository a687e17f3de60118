package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.wiring.Assembly;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.events.EventsRemoteScripts;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import java.time.Duration;
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
  private static final Duration SSH_LISTENER_CONNECT = Duration.ofSeconds(30);

  private final Injector injector;
  private final Worker worker;
  private final RunJournal journal;

  private WorkerRuntime(Injector injector, Worker worker, RunJournal journal) {
    this.injector = injector;
    this.worker = worker;
    this.journal = journal;
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
    requireNonNull(settings, "settings is null");
    RunJournal journal = Journals.open(settings.state(), time);
    try {
      return create(settings, bus, journal, time, overrides);
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
    requireNonNull(settings, "settings is null");
    Injector injector = Assembly.worker(settings, bus, journal, time, overrides);
    Delivery delivery = Delivery.unicast(settings.events().group(), settings.events().consumer());
    Worker worker =
        new Worker(
            bus,
            injector.getInstance(RequestDispatcher.class),
            delivery,
            settings.worker().once(),
            settings.worker().shutdownGrace());
    return new WorkerRuntime(injector, worker, journal);
  }

  public Injector injector() {
    return injector;
  }

  /**
   * Starts the ssh response listener (when the mode has one) and runs until stopped; then closes
   * the run journal.
   */
  public int run() throws InterruptedException {
    try {
      startSshResponseListener();
      return worker.run();
    } finally {
      journal.close();
    }
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

  private void startSshResponseListener() throws InterruptedException {
    if (injector.getExistingBinding(Key.get(EventsRemoteScripts.class)) == null) {
      return;
    }
    injector.getInstance(EventsRemoteScripts.class).start(SSH_LISTENER_CONNECT);
    LOG.info("ssh response listener started");
  }
}
