package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.RemoteScriptException;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EventsRemoteScriptsTest {
  private static final String REQUEST = "bus.ssh.script.run.request";
  private static final String RESPONSE = "bus.ssh.script.run.response";
  private static final ScriptRequest SCRIPT =
      new ScriptRequest(
          "printf OK",
          List.of(new ScriptRequest.Target("10.0.0.5", 22)),
          List.of("root", "ubuntu"),
          1,
          new ScriptRequest.NetworkBootstrap(
              true, "mac-match", List.of("1.1.1.1"), "de:ad:be:ef:00:01"),
          "acct-1");

  /** Long enough that only a timeout would be slow: the test's own timeout is shorter. */
  private static final ScriptRequest SLOW =
      new ScriptRequest(
          "cat big", List.of(new ScriptRequest.Target("h", 22)), List.of(), 60, null, null);

  private final EmbeddedEventsServer server = new EmbeddedEventsServer(0).start();
  private final List<HttpEventBus> runners = new ArrayList<>();
  private HttpEventBus bus;
  private EventsRemoteScripts scripts;

  @AfterEach
  void stop() {
    if (scripts != null) {
      scripts.close();
    }
    if (bus != null) {
      bus.close();
    }
    runners.forEach(HttpEventBus::close);
    server.close();
  }

  @Test
  void sendsTheSnakeCaseRequestAndReturnsTheMatchingResult() throws Exception {
    start(true);
    Fixtures.Inbox requests = new Fixtures.Inbox();
    bus.subscribe(
            REQUEST,
            Delivery.unicast("ssh-runner", "r1"),
            event -> {
              requests.add(event);
              bus.publish(RESPONSE, "someone-else", TestPayloads.json(Map.of("exit_code", 9)));
              bus.publish(
                  RESPONSE,
                  event.correlationId().orElseThrow(),
                  TestPayloads.json(Map.of("exitCode", 0, "stdout", "OK", "stderr", "")));
            })
        .awaitConnected(Fixtures.WAIT);

    ScriptResult result = scripts.run("parent.ssh.1", SCRIPT);

    assertEquals(0, result.exitCode());
    assertEquals("OK", result.stdout());
    JsonNode payload = requests.next().payloadAs(JsonNode.class);
    assertEquals("printf OK", payload.get("script").textValue());
    assertEquals("10.0.0.5", payload.get("targets").get(0).get("host").textValue());
    assertEquals(22, payload.get("targets").get(0).get("port").intValue());
    assertEquals("ubuntu", payload.get("users").get(1).textValue());
    assertEquals(1, payload.get("timeout_seconds").intValue());
    assertEquals("acct-1", payload.get("identity_id").textValue());
    JsonNode bootstrap = payload.get("network_bootstrap");
    assertTrue(bootstrap.get("apply_netplan").booleanValue());
    assertEquals("mac-match", bootstrap.get("netplan_mode").textValue());
    assertEquals("1.1.1.1", bootstrap.get("dns_servers").get(0).textValue());
    assertEquals("de:ad:be:ef:00:01", bootstrap.get("interface_mac").textValue());
    assertEquals(0, scripts.pendingCalls());
  }

  @Test
  void ignoresForeignResponsesAndTimesOut() throws Exception {
    start(true);
    bus.subscribe(
            REQUEST,
            Delivery.unicast("ssh-runner", "r1"),
            event -> bus.publish(RESPONSE, "not-ours", TestPayloads.json(Map.of("exit_code", 0))))
        .awaitConnected(Fixtures.WAIT);

    long started = System.nanoTime();
    RemoteScriptException failure =
        assertThrows(RemoteScriptException.class, () -> scripts.run("mine", SCRIPT));

    assertEquals(RemoteScriptException.Kind.TIMEOUT, failure.kind());
    assertTrue(failure.getMessage().contains("mine"), failure.getMessage());
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(waited >= 1_000 && waited < 5_000, "waited timeout_seconds + margin: " + waited);
    assertEquals(0, scripts.pendingCalls());
  }

  @Test
  void failsPendingCallsAtOnceWhenTheListenerCannotReconnect() throws Exception {
    start(false);
    ScriptRequest slow =
        new ScriptRequest(
            "sleep 60", List.of(new ScriptRequest.Target("h", 22)), List.of(), 60, null, null);
    CompletableFuture<RemoteScriptException> waiting =
        CompletableFuture.supplyAsync(
            () -> assertThrows(RemoteScriptException.class, () -> scripts.run("slow-1", slow)));
    // The call is registered as pending before its request is published.
    assertTrue(
        server.awaitPublished(
            all -> all.stream().anyMatch(e -> e.correlationId().orElse("").equals("slow-1")),
            Fixtures.WAIT),
        "the call to be published");
    assertEquals(1, scripts.pendingCalls(), "the call to be pending");

    EventsServerFaults.of(server).dropStreams();

    RemoteScriptException failure = waiting.get(5, TimeUnit.SECONDS);
    assertEquals(RemoteScriptException.Kind.TRANSPORT, failure.kind());
    assertTrue(failure.getMessage().contains("listener stopped"), failure.getMessage());
    RemoteScriptException later =
        assertThrows(RemoteScriptException.class, () -> scripts.run("slow-2", slow));
    assertEquals(RemoteScriptException.Kind.TRANSPORT, later.kind());
  }

  @Test
  void anAnswerOfContainerOutputAtTheDefaultCapFitsTheDefaultLimit() throws Exception {
    assertEquals(
        2 * 1024 * 1024 * 6 + 64 * 1024,
        EventsRemoteScripts.maxResponseBytesFor(EventsRemoteScripts.DEFAULT_OUTPUT_LIMIT_BYTES));
    start(true);
    String stdout = "a".repeat(1536 * 1024);
    answerWith(stdout);

    ScriptResult result = scripts.run("large-but-allowed", SLOW);

    assertEquals(stdout, result.stdout());
  }

  @Test
  void anAnswerOverTheLimitFailsItsOwnCallAtOnceAndNotAsATimeout() throws Exception {
    int limit = 100_000;
    bus =
        HttpEventBus.create(
            Fixtures.fast(server, Fixtures.token(server, Fixtures.ALL_SCOPES), true));
    scripts = new EventsRemoteScripts(bus, Duration.ZERO, limit);
    scripts.start(Fixtures.WAIT);
    answerWith("b".repeat(2 * limit));

    RemoteScriptException failure =
        assertThrows(RemoteScriptException.class, () -> scripts.run("too-large", SLOW));

    assertEquals(RemoteScriptException.Kind.TRANSPORT, failure.kind());
    assertEquals(
        "the ssh-runner answer for too-large was larger than 100000 bytes", failure.getMessage());
    assertEquals(0, scripts.pendingCalls());
    answerWith("small");
    assertEquals("small", scripts.run("after", SLOW).stdout(), "the stream lives on");
  }

  /**
   * Answers each script request with {@code stdout}, after an answer just as large for a
   * correlation id nobody waits for.
   */
  private void answerWith(String stdout) throws InterruptedException {
    runners.forEach(HttpEventBus::close);
    HttpEventBus runner =
        HttpEventBus.create(
            Fixtures.fast(server, Fixtures.token(server, Fixtures.ALL_SCOPES), true));
    runners.add(runner);
    assertTrue(
        runner
            .subscribe(
                REQUEST,
                Delivery.unicast("ssh-runner-" + runners.size(), "r1"),
                event -> {
                  runner.publish(
                      RESPONSE,
                      "not-ours",
                      TestPayloads.json(Map.of("exit_code", 0, "stdout", stdout)));
                  runner.publish(
                      RESPONSE,
                      event.correlationId().orElseThrow(),
                      TestPayloads.json(Map.of("exit_code", 0, "stdout", stdout)));
                })
            .awaitConnected(Fixtures.WAIT));
  }

  @Test
  void startFailsWhenTheTokenLacksSshRun() throws Exception {
    bus =
        HttpEventBus.create(
            Fixtures.fast(server, Fixtures.token(server, List.of("vm:read")), true));
    scripts = new EventsRemoteScripts(bus, Duration.ZERO);

    EventBusException failure =
        assertThrows(EventBusException.class, () -> scripts.start(Fixtures.WAIT));

    assertEquals(EventBusException.Kind.FORBIDDEN, failure.kind());
    assertTrue(failure.getMessage().endsWith("token lacks scope ssh:run"), failure.getMessage());
  }

  @Test
  void runBeforeStartIsAProgrammingError() {
    scripts = new EventsRemoteScripts(new InMemoryEventBus(), Duration.ZERO);
    assertThrows(IllegalStateException.class, () -> scripts.run("c", SCRIPT));
  }

  @Test
  void resultCodecReadsErrorsAndRoundTrips() {
    EventCodec codec = new EventCodec();
    BusEvent failed =
        codec.parseEnvelope(
            "{\"payload\":{\"exit_code\":255,\"error\":{\"type\":\"unreachable\","
                + "\"message\":\"no host answered\"}}}",
            RESPONSE);
    ScriptResult result = SshScriptCodec.decodeResult(failed);
    assertEquals(255, result.exitCode());
    assertEquals("unreachable", result.error().type());
    assertEquals("", result.stdout());

    BusEvent stringError =
        codec.parseEnvelope("{\"payload\":{\"error\":\"auth refused\"}}", RESPONSE);
    assertEquals("auth refused", SshScriptCodec.decodeResult(stringError).error().message());

    String requestLine =
        codec.writeEnvelope(REQUEST, "c", new TreePayload(SshScriptCodec.encodeRequest(SCRIPT)));
    assertEquals(SCRIPT, SshScriptCodec.decodeRequest(codec.parseEnvelope(requestLine, REQUEST)));
    ScriptResult ok = new ScriptResult(0, "out", "err", null);
    String resultLine =
        codec.writeEnvelope(RESPONSE, "c", new TreePayload(SshScriptCodec.encodeResult(ok)));
    assertEquals(ok, SshScriptCodec.decodeResult(codec.parseEnvelope(resultLine, RESPONSE)));
    assertNull(ok.error());
  }

  private void start(boolean retry) throws InterruptedException {
    bus =
        Fixtures.create(Fixtures.fast(server, Fixtures.token(server, Fixtures.ALL_SCOPES), retry));
    scripts = new EventsRemoteScripts(bus, Duration.ZERO);
    scripts.start(Fixtures.WAIT);
  }
}
