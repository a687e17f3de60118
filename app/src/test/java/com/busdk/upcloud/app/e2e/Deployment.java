package com.busdk.upcloud.app.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.runtime.WorkerRuntime;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import com.google.inject.Module;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A whole deployment on loopback: the embedded Events API, the UpCloud simulator, the worker as
 * {@code Main} would wire it (configured through the real flag parser), and a caller publishing
 * requests over HTTP the way {@code bus-api-provider-vm} does.
 */
final class Deployment implements AutoCloseable {
  static final List<String> ALL_SCOPES = EmbeddedEventsServer.DEVELOPMENT_SCOPES;

  final EmbeddedEventsServer events = new EmbeddedEventsServer(0).start();
  final UpCloudSimulator upcloud = UpCloudSimulator.start();
  final String workerToken =
      events.mintToken(
          "bus-integration-upcloud",
          EmbeddedEventsServer.API_AUDIENCE,
          ALL_SCOPES,
          Duration.ofHours(1));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private java.nio.file.Path stateDir;

  /** A fresh state directory for this deployment's journal, deleted on close. */
  synchronized java.nio.file.Path stateDir() {
    if (stateDir == null) {
      try {
        stateDir = java.nio.file.Files.createTempDirectory("bus-state-");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      java.nio.file.Path dir = stateDir;
      closeables.add(() -> StateDirs.delete(dir));
    }
    return stateDir;
  }

  private final Map<String, CompletableFuture<BusEvent>> answers = new ConcurrentHashMap<>();
  private final EventBus caller;
  private final List<Started> workers = new ArrayList<>();
  private WorkerRuntime worker;
  private CompletableFuture<Integer> exit;

  Deployment() {
    caller = bus("bus-api-provider");
  }

  /** An HTTP event bus with its own token for {@code subject}. */
  EventBus bus(String subject) {
    String token =
        events.mintToken(
            subject, EmbeddedEventsServer.API_AUDIENCE, ALL_SCOPES, Duration.ofHours(1));
    EventBus bus = HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), token));
    closeables.add(bus);
    return bus;
  }

  /** Starts the worker with these flags (plus events URL and UpCloud URL) and the tokens in env. */
  WorkerRuntime startWorker(List<String> flags, Module... overrides) throws InterruptedException {
    return start(flags, Map.of(), bus -> bus, null, overrides).runtime();
  }

  /** One started worker: its runtime, the future of its exit code, and its settings. */
  record Started(WorkerRuntime runtime, CompletableFuture<Integer> exit, Settings settings) {
    int stop() throws Exception {
      runtime.stop();
      return exit.get(30, TimeUnit.SECONDS);
    }
  }

  /** Opens the run journal of a worker; {@code null} stands for the one its settings ask for. */
  interface JournalOpener {
    RunJournal open(Settings settings, TimeSource time);
  }

  /**
   * Starts a worker like {@link #startWorker}, with extra environment, its event bus passed through
   * {@code busWrapper} and its journal from {@code journal} (null: as configured). The latest
   * started worker is the one {@link #stopWorker()} stops; {@link #close()} stops them all.
   */
  Started start(
      List<String> flags,
      Map<String, String> extraEnv,
      UnaryOperator<EventBus> busWrapper,
      JournalOpener journal,
      Module... overrides)
      throws InterruptedException {
    List<String> args = new ArrayList<>();
    args.add("--events-url=" + events.baseUrl());
    if (flags.stream().noneMatch(f -> f.startsWith("--state-dir"))) {
      args.add("--state-dir=" + stateDir());
    }
    args.add("--upcloud-api-url=" + upcloud.baseUrl());
    args.addAll(flags);
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("BUS_API_TOKEN", workerToken);
    env.put("UPCLOUD_TOKEN", upcloud.token());
    Settings settings = SettingsLoader.load(args.toArray(String[]::new), env);
    SettingsLoader.requireFor(settings);
    HttpEventBus http = HttpEventBus.create(eventsSettings(settings));
    closeables.add(http);
    EventBus workerBus = busWrapper.apply(http);
    TimeSource time = TimeSource.system();
    WorkerRuntime runtime =
        journal == null
            ? WorkerRuntime.create(settings, workerBus, time, overrides)
            : WorkerRuntime.create(
                settings, workerBus, journal.open(settings, time), time, overrides);
    CompletableFuture<Integer> exited = runtime.runInBackground();
    Started started = new Started(runtime, exited, settings);
    synchronized (this) {
      workers.add(started);
      worker = runtime;
      exit = exited;
    }
    assertTrue(runtime.awaitReady(Duration.ofSeconds(10)), "worker did not become ready");
    return started;
  }

  /**
   * The worker's events client settings: the adapter's defaults with the reconnect behaviour the
   * configuration asks for, as {@code Main} makes them. Copied component by component so that this
   * does not depend on which other settings the events adapter has.
   */
  private static EventsSettings eventsSettings(Settings settings) {
    var config = settings.events();
    EventsSettings defaults =
        EventsSettings.of(config.eventsUrl().toString(), config.apiToken().reveal());
    RecordComponent[] components = EventsSettings.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] =
            switch (components[i].getName()) {
              case "retryEnabled" -> config.listenerRetry();
              case "retryMin" -> config.retryMin();
              case "retryMax" -> config.retryMax();
              default -> components[i].getAccessor().invoke(defaults);
            };
      }
      return EventsSettings.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy the events settings", e);
    }
  }

  /** Another fresh state directory (for a second replica), deleted on close. */
  java.nio.file.Path newStateDir() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bus-state-");
      closeables.add(() -> StateDirs.delete(dir));
      return dir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Every event of {@code name} the Events API accepted, by correlation id: the server's own
   * record, which a stream drop cannot thin out.
   */
  Map<String, List<BusEvent>> published(String name) {
    Map<String, List<BusEvent>> seen = new HashMap<>();
    for (BusEvent e : events.published()) {
      if (e.name().equals(name)) {
        seen.computeIfAbsent(e.correlationId().orElse(""), k -> new ArrayList<>()).add(e);
      }
    }
    return seen;
  }

  /** Publishes a request as the caller and waits for its correlated response. */
  BusEvent request(String name, Map<String, ?> payload) throws Exception {
    return request(name, payload, Duration.ofSeconds(20));
  }

  BusEvent request(String name, Map<String, ?> payload, Duration wait) throws Exception {
    return request(name, "corr-" + UUID.randomUUID(), payload, wait);
  }

  /**
   * Publishes a request under {@code correlationId} and waits for the next response carrying it
   * (publishing the same id again is a redelivery, answered anew).
   */
  BusEvent request(String name, String correlationId, Map<String, ?> payload, Duration wait)
      throws Exception {
    return send(name, correlationId, payload).get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Publishes a request under {@code correlationId}; the future completes with its response. */
  CompletableFuture<BusEvent> send(String name, String correlationId, Map<String, ?> payload)
      throws InterruptedException {
    String responseName = name.replace(".request", ".response");
    listen(responseName);
    CompletableFuture<BusEvent> answer = new CompletableFuture<>();
    answers.put(correlationId, answer);
    caller.publish(name, correlationId, TestPayloads.json(payload));
    return answer;
  }

  private final Map<String, Subscription> listening = new ConcurrentHashMap<>();

  /** Opens the caller's broadcast stream of {@code responseName}, once. */
  void listen(String responseName) throws InterruptedException {
    if (listening.containsKey(responseName)) {
      return;
    }
    Subscription s =
        caller.subscribe(
            responseName,
            Delivery.broadcast(),
            e ->
                e.correlationId()
                    .ifPresent(
                        c ->
                            answers
                                .computeIfAbsent(c, k -> new CompletableFuture<>())
                                .complete(e)));
    assertTrue(s.awaitConnected(Duration.ofSeconds(5)));
    listening.put(responseName, s);
  }

  static Map<?, ?> payload(BusEvent event) {
    return event.payloadAs(Map.class);
  }

  int stopWorker() throws Exception {
    worker.stop();
    return exit.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    List<Started> started;
    synchronized (this) {
      started = new ArrayList<>(workers);
    }
    for (Started s : started) {
      if (!s.exit().isDone()) {
        s.stop();
      }
    }
    for (Subscription s : listening.values()) {
      s.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    upcloud.close();
    events.close();
  }
}
