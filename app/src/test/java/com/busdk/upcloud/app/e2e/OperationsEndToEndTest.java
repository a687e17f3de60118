package com.busdk.upcloud.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.health.PrometheusText;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.ExitCodes;
import com.busdk.upcloud.app.runtime.WorkerRuntime;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsServerFaults;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's side of a running worker over loopback HTTP, wired as {@code Main} wires listener
 * mode ({@link WorkerRuntime#onEventsApi}): token rotation from a file, the health listener's
 * {@code /healthz}, {@code /readyz} and {@code /metrics}, and listeners that are not required.
 */
class OperationsEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final EmbeddedEventsServer events = new EmbeddedEventsServer(0).start();
  private final UpCloudSimulator upcloud = UpCloudSimulator.start();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, CompletableFuture<BusEvent>> answers = new ConcurrentHashMap<>();
  private final Set<String> listening = ConcurrentHashMap.newKeySet();
  private final EventBus caller = bus("bus-api-provider", EmbeddedEventsServer.DEVELOPMENT_SCOPES);

  @TempDir Path tmp;

  private WorkerRuntime worker;
  private CompletableFuture<Integer> exit;

  @AfterEach
  void close() throws Exception {
    if (worker != null && !exit.isDone()) {
      worker.stop();
      exit.get(30, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    upcloud.close();
    events.close();
  }

  @Test
  void aShortLivedTokenRotatedThreeTimesLosesNoRequestAndAnswersNoneTwice() throws Exception {
    Path tokenFile = tmp.resolve("bus-api-token");
    writeAtomically(tokenFile, token(Duration.ofSeconds(8)));
    start(
        List.of("--provider=static", "--health-listen=127.0.0.1:0"),
        Map.of(
            "BUS_API_TOKEN_FILE", tokenFile.toString(),
            "BUS_EVENTS_TOKEN_REFRESH", "1",
            "BUS_EVENTS_LISTENER_RETRY_MIN", "100ms"));
    assertTrue(worker.awaitReady(WAIT), "worker did not become ready");
    String stream = "bus.vm.status.request";

    List<String> sent = new ArrayList<>();
    int rotations = 0;
    long nextRotation = System.nanoTime();
    // Each new token lives 4 s and one is written every 2 s. The server ends a stream when its
    // token expires, so the worker has to reconnect with the rotated token, three times over.
    while (reconnects(stream) < 3) {
      String id = "rot-" + sent.size();
      caller.publish(stream, id, TestPayloads.json(Map.of()));
      sent.add(id);
      if (System.nanoTime() >= nextRotation) {
        assertTrue(rotations < 10, "streams were not reconnected three times");
        writeAtomically(tokenFile, token(Duration.ofSeconds(4)));
        rotations++;
        nextRotation = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      }
      assertFalse(exit.isDone(), "the worker stopped: exit " + (exit.isDone() ? exit.get() : ""));
      // Paced by the answers: the next request goes out once this one is answered, or after a
      // short while when its stream is being reconnected (it is answered after the reconnect).
      var unused =
          events.awaitPublished(
              all -> responses(all, "bus.vm.status.response").containsKey(id),
              Duration.ofMillis(250));
    }
    // Requests go on flowing over the reconnected streams.
    for (int i = 0; i < 20; i++) {
      String id = "rot-" + sent.size();
      caller.publish(stream, id, TestPayloads.json(Map.of()));
      sent.add(id);
    }
    Map<String, Integer> seen = awaitResponses("bus.vm.status.response", sent.size());
    assertEquals(sent.size(), seen.size(), "answered: " + seen.size() + " of " + sent.size());
    seen.forEach((id, count) -> assertEquals(1, count, "answers for " + id));
    assertFalse(exit.isDone(), "the worker runs on");
    assertTrue(reconnects(stream) >= 3, "reconnects: " + reconnects(stream));
  }

  @Test
  void withoutRefreshAnExpiredTokenEndsTheWorkerWithExitCode3() throws Exception {
    Path tokenFile = tmp.resolve("bus-api-token");
    writeAtomically(tokenFile, token(Duration.ofSeconds(2)));
    start(
        List.of("--provider=static"),
        Map.of(
            "BUS_API_TOKEN_FILE", tokenFile.toString(), "BUS_EVENTS_LISTENER_RETRY_MIN", "100ms"));
    writeAtomically(tokenFile, token(Duration.ofHours(1)));
    assertEquals(ExitCodes.AUTH_REFUSED, exit.get(30, TimeUnit.SECONDS));
  }

  @Test
  void healthReadinessAndMetricsFollowTheWork() throws Exception {
    upcloud.seedServer("ai-platform-gpu", "started");
    start(
        List.of(
            "--provider=upcloud",
            "--vm-name=ai-platform-gpu",
            "--health-listen=127.0.0.1:0",
            "--upcloud-poll-interval=20ms"),
        Map.of("BUS_API_TOKEN", token(Duration.ofHours(1)), "UPCLOUD_TOKEN", upcloud.token()));
    String base = HealthServer.url(worker.startHealth().orElseThrow());

    assertEquals(200, get(base + "/healthz").statusCode());
    assertTrue(worker.awaitReady(WAIT), "worker did not become ready");
    HttpResponse<String> ready = get(base + "/readyz");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"status\":\"ready\""), ready.body());

    for (int i = 0; i < 3; i++) {
      request("bus.vm.status.request", Map.of());
    }
    request("bus.vm.stop.request", Map.of());
    // The requester may see an answer before the worker counts it: counting follows the receipt.
    // Likewise the in-flight gauge drops once the publish has returned, after the requester saw it.
    await(
        () -> {
          Map<String, Double> now = PrometheusText.parse(get(base + "/metrics").body());
          return now.containsKey("bus_requests_total{name=\"bus.vm.stop.request\",outcome=\"ok\"}")
              && Double.valueOf(0.0).equals(now.get("bus_requests_in_flight"));
        },
        "the stop request is counted and nothing is in flight");

    HttpResponse<String> scrape = get(base + "/metrics");
    assertEquals(200, scrape.statusCode());
    assertTrue(
        scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        scrape.headers().toString());
    Map<String, Double> m = PrometheusText.parse(scrape.body());
    assertEquals(
        3.0,
        m.get("bus_requests_total{name=\"bus.vm.status.request\",outcome=\"ok\"}"),
        scrape.body());
    assertEquals(1.0, m.get("bus_requests_total{name=\"bus.vm.stop.request\",outcome=\"ok\"}"));
    assertEquals(3.0, m.get("bus_request_duration_seconds_count{name=\"bus.vm.status.request\"}"));
    assertEquals(
        3.0,
        m.get("bus_request_duration_seconds_bucket{le=\"+Inf\",name=\"bus.vm.status.request\"}"));
    assertEquals(0.0, m.get("bus_requests_in_flight"));
    assertEquals(1.0, m.get("bus_events_stream_connected{stream=\"bus.vm.status.request\"}"));
    assertTrue(m.get("upcloud_api_calls_total{operation=\"getServer\",status=\"200\"}") >= 3);
    assertTrue(m.get("upcloud_api_calls_total{operation=\"stopServer\",status=\"200\"}") >= 1);
    double states =
        m.entrySet().stream()
            .filter(e -> e.getKey().startsWith("bus_vm_state{"))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    assertEquals(1.0, states, "one state at a time");
    assertEquals(0.0, m.get("bus_vm_state{state=\"unknown\"}"), "the VM's state was observed");
    assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")));
    assertTrue(m.get("bus_api_token_expiry_seconds") > System.currentTimeMillis() / 1000.0);

    EventsServerFaults.of(events).dropStreams();
    await(() -> reconnects("bus.vm.status.request") >= 1, "a reconnect is counted");
    await(() -> get(base + "/readyz").statusCode() == 200, "ready again after the reconnect");
    Map<String, Double> after = PrometheusText.parse(get(base + "/metrics").body());
    assertTrue(
        after.get("bus_events_stream_reconnects_total{stream=\"bus.vm.status.request\"}") >= 1);

    assertFalse(scrape.body().contains(upcloud.token()), "no token in metrics");
    worker.stop();
    assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aRefusedStreamThatIsNotRequiredShowsInReadyzAndTheOthersServe() throws Exception {
    upcloud.seedServer("ai-platform-gpu", "started");
    String readOnly =
        events.mintToken(
            "bus-integration-upcloud",
            EmbeddedEventsServer.API_AUDIENCE,
            List.of("events:send", "events:listen", "vm:read"),
            Duration.ofHours(1));
    start(
        List.of("--provider=upcloud", "--vm-name=ai-platform-gpu", "--health-listen=127.0.0.1:0"),
        Map.of(
            "BUS_API_TOKEN",
            readOnly,
            "UPCLOUD_TOKEN",
            upcloud.token(),
            "BUS_EVENTS_LISTENER_REQUIRED",
            "false"));
    String base = HealthServer.url(worker.startHealth().orElseThrow());

    await(
        () ->
            get(base + "/readyz").body().contains("\"bus.vm.stop.request\":\"failed: ")
                && get(base + "/readyz").body().contains("\"bus.vm.start.request\":\"failed: ")
                && get(base + "/readyz").body().contains("\"bus.vm.status.request\":\"connected"),
        "/readyz names the refused streams");
    HttpResponse<String> ready = get(base + "/readyz");
    assertEquals(503, ready.statusCode());
    assertTrue(ready.body().contains("\"status\":\"not ready\""), ready.body());
    assertTrue(ready.body().contains("\"bus.vm.start.request\":\"failed: "), ready.body());
    assertTrue(ready.body().contains("token lacks scope vm:write"), ready.body());
    assertFalse(ready.body().contains(readOnly), "no token in /readyz");

    BusEvent status = request("bus.vm.status.request", Map.of());
    assertTrue(status.payloadAs(Map.class).containsKey("status"));
    assertFalse(exit.isDone(), "the worker goes on without the refused streams");
  }

  @Test
  void aRefusedStreamThatIsRequiredStopsTheWorkerWithExitCode3() throws Exception {
    String readOnly =
        events.mintToken(
            "bus-integration-upcloud",
            EmbeddedEventsServer.API_AUDIENCE,
            List.of("events:send", "events:listen", "vm:read"),
            Duration.ofHours(1));
    start(
        List.of("--provider=upcloud", "--vm-name=ai-platform-gpu"),
        Map.of("BUS_API_TOKEN", readOnly, "UPCLOUD_TOKEN", upcloud.token()));
    assertEquals(ExitCodes.AUTH_REFUSED, exit.get(30, TimeUnit.SECONDS));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void start(List<String> flags, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>(flags);
    args.add("--events-url=" + events.baseUrl());
    args.add("--upcloud-api-url=" + upcloud.baseUrl());
    args.add("--shutdown-grace=2s");
    args.add("--state-dir=" + tmp);
    Settings settings = SettingsLoader.load(args.toArray(String[]::new), new HashMap<>(env));
    SettingsLoader.requireFor(settings);
    Telemetry telemetry = Telemetry.create();
    worker = WorkerRuntime.onEventsApi(settings, TimeSource.system(), telemetry);
    exit = worker.runInBackground();
  }

  private String token(Duration ttl) {
    return events.mintToken(
        "bus-integration-upcloud",
        EmbeddedEventsServer.API_AUDIENCE,
        EmbeddedEventsServer.DEVELOPMENT_SCOPES,
        ttl);
  }

  private static void writeAtomically(Path file, String content) throws Exception {
    Path next = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID());
    Files.writeString(next, content + "\n");
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private double reconnects(String stream) {
    Double value =
        PrometheusText.parse(worker.telemetry().scrape())
            .get("bus_events_stream_reconnects_total{stream=\"" + stream + "\"}");
    return value == null ? 0 : value;
  }

  private EventBus bus(String subject, List<String> scopes) {
    String token =
        events.mintToken(subject, EmbeddedEventsServer.API_AUDIENCE, scopes, Duration.ofHours(1));
    HttpEventBus bus =
        HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), token));
    closeables.add(bus);
    return bus;
  }

  private BusEvent request(String name, Map<String, ?> payload) throws Exception {
    String responseName = name.replace(".request", ".response");
    if (listening.add(responseName)) {
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
      closeables.add(s::close);
      assertTrue(s.awaitConnected(Duration.ofSeconds(5)));
    }
    String correlationId = "corr-" + UUID.randomUUID();
    CompletableFuture<BusEvent> answer =
        answers.computeIfAbsent(correlationId, k -> new CompletableFuture<>());
    caller.publish(name, correlationId, TestPayloads.json(payload));
    return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Responses the Events API received, per correlation id, once {@code n} have arrived. */
  private Map<String, Integer> awaitResponses(String name, int n) throws InterruptedException {
    var unused = events.awaitPublished(all -> responses(all, name).size() >= n, WAIT);
    return responses(events.published(), name);
  }

  private static Map<String, Integer> responses(List<BusEvent> all, String name) {
    Map<String, Integer> seen = new HashMap<>();
    for (BusEvent e : all) {
      if (e.name().equals(name)) {
        seen.merge(e.correlationId().orElse("?"), 1, Integer::sum);
      }
    }
    return seen;
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + url + " failed", e);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(50);
    }
  }
}
