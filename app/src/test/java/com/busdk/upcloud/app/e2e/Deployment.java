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
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import com.google.inject.Module;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    List<String> args = new ArrayList<>();
    args.add("--events-url=" + events.baseUrl());
    if (flags.stream().noneMatch(f -> f.startsWith("--state-dir"))) {
      args.add("--state-dir=" + stateDir());
    }
    args.add("--upcloud-api-url=" + upcloud.baseUrl());
    args.addAll(flags);
    Map<String, String> env = new HashMap<>();
    env.put("BUS_API_TOKEN", workerToken);
    env.put("UPCLOUD_TOKEN", upcloud.token());
    Settings settings = SettingsLoader.load(args.toArray(String[]::new), env);
    SettingsLoader.requireFor(settings);
    EventBus workerBus =
        HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), workerToken));
    closeables.add(workerBus);
    worker = WorkerRuntime.create(settings, workerBus, TimeSource.system(), overrides);
    exit = worker.runInBackground();
    assertTrue(worker.awaitReady(Duration.ofSeconds(10)), "worker did not become ready");
    return worker;
  }

  /** Publishes a request as the caller and waits for its correlated response. */
  BusEvent request(String name, Map<String, ?> payload) throws Exception {
    return request(name, payload, Duration.ofSeconds(20));
  }

  BusEvent request(String name, Map<String, ?> payload, Duration wait) throws Exception {
    String responseName = name.replace(".request", ".response");
    listen(responseName);
    String correlationId = "corr-" + UUID.randomUUID();
    CompletableFuture<BusEvent> answer =
        answers.computeIfAbsent(correlationId, k -> new CompletableFuture<>());
    caller.publish(name, correlationId, payload);
    return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private final Map<String, Subscription> listening = new ConcurrentHashMap<>();

  private void listen(String responseName) throws InterruptedException {
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
    if (worker != null && !exit.isDone()) {
      stopWorker();
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
