package com.busdk.upcloud.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.ExitCodes;
import com.busdk.upcloud.app.runtime.Service;
import com.busdk.upcloud.app.runtime.WorkerRuntime;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's long-running parts are one set of services from the injector: in a fixed order, the
 * Events API connection built from the settings rather than by the caller, and all of them stopped
 * when the worker stops, except a bus the caller brought.
 */
class ServicesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final EmbeddedEventsServer events = new EmbeddedEventsServer(0).start();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @TempDir Path stateDir;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    events.close();
  }

  @Test
  void servicesStartHealthFirstThenTheConnectionThreadsAndTheModesOwn() throws IOException {
    Path keys =
        Files.writeString(
            stateDir.resolve("runner.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample test\n");
    Settings settings =
        settings(
            "--provider=upcloud",
            "--upcloud-api-url=http://127.0.0.1:9",
            "--container-runner-name=runner",
            "--container-ssh-keys=" + keys,
            "--health-listen=127.0.0.1:0");
    Injector injector =
        Assembly.workerOnEventsApi(
            settings,
            new InMemoryRunJournal(TimeSource.system()),
            TimeSource.system(),
            Telemetry.create());
    Set<Service> services = injector.getInstance(Key.get(new TypeLiteral<Set<Service>>() {}));
    assertEquals(
        List.of(
            "health listener",
            "events api connection",
            "request threads",
            "bus.ssh.script.run.response"),
        services.stream().map(Service::name).toList());
  }

  @Test
  void aCallersBusIsNotTheRuntimesToClose() {
    Settings settings = settings("--provider=static");
    Injector injector =
        Assembly.worker(
            settings, bus(), new InMemoryRunJournal(TimeSource.system()), TimeSource.system());
    Set<Service> services = injector.getInstance(Key.get(new TypeLiteral<Set<Service>>() {}));
    assertEquals(List.of("request threads"), services.stream().map(Service::name).toList());
  }

  @Test
  void aStoppedWorkerHasClosedItsBusAndItsHealthListener() throws Exception {
    Settings settings = settings("--provider=static", "--health-listen=127.0.0.1:0");
    WorkerRuntime worker =
        WorkerRuntime.onEventsApi(settings, TimeSource.system(), Telemetry.create());
    String health = HealthServer.url(worker.startHealth().orElseThrow());
    CompletableFuture<Integer> exit = worker.runInBackground();
    assertTrue(worker.awaitReady(WAIT), "worker did not become ready");
    assertEquals(200, get(health + "/readyz").statusCode());
    EventBus bus = worker.injector().getInstance(EventBus.class);

    worker.stop();
    assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));

    assertThrows(
        IllegalStateException.class,
        () -> bus.publish("bus.vm.status.response", "after-stop", TestPayloads.json(Map.of())));
    assertThrows(IOException.class, () -> get(health + "/healthz"));
  }

  @Test
  void aStoppedWorkerLeavesACallersBusOpen() throws Exception {
    EventBus bus = bus();
    WorkerRuntime worker =
        WorkerRuntime.create(settings("--provider=static"), bus, TimeSource.system());
    CompletableFuture<Integer> exit = worker.runInBackground();
    assertTrue(worker.awaitReady(WAIT), "worker did not become ready");
    worker.stop();
    assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
    bus.publish("bus.vm.status.response", "after-stop", TestPayloads.json(Map.of()));
  }

  private Settings settings(String... flags) {
    List<String> args = new ArrayList<>(List.of(flags));
    args.add("--events-url=" + events.baseUrl());
    args.add("--state-dir=" + stateDir);
    args.add("--shutdown-grace=1s");
    Map<String, String> env = new HashMap<>();
    env.put("BUS_API_TOKEN", token());
    env.put("UPCLOUD_TOKEN", "ucat_not-used-here");
    return SettingsLoader.load(args.toArray(String[]::new), env);
  }

  private EventBus bus() {
    HttpEventBus bus =
        HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), token()));
    closeables.add(bus);
    return bus;
  }

  private String token() {
    return events.mintToken(
        "bus-integration-upcloud",
        EmbeddedEventsServer.API_AUDIENCE,
        EmbeddedEventsServer.DEVELOPMENT_SCOPES,
        Duration.ofHours(1));
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
