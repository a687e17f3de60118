package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.Main;
import com.busdk.upcloud.app.config.LogLevel;
import com.busdk.upcloud.app.config.OutputFormat;
import com.busdk.upcloud.app.runtime.Logging;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The worker, started as {@code Main} would run it with real-looking credentials, handles a VM
 * request while its stderr is captured: the log has the request lines with name, correlation id,
 * outcome and duration, in the chosen format, and neither token anywhere (not even masked, which
 * would mean some component tried to log one).
 */
@Timeout(30)
class LogSecrecyTest {
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VM = "ai-platform-gpu";

  @AfterEach
  void restoreDefaults() {
    Logging.configure(LogFormatTest.worker(OutputFormat.TEXT, LogLevel.INFO));
  }

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void aHandledRequestIsLoggedWithoutAnySecret(OutputFormat format) throws Exception {
    String upcloudToken = "ucat_" + HexFormat.of().formatHex(randomBytes(16));
    String log;
    String jwt;
    String correlationId = "log-secrecy-" + format.wire();
    try (EmbeddedEventsServer events = new EmbeddedEventsServer(0).start();
        UpCloudSimulator cloud = UpCloudSimulator.start(0, upcloudToken, TimeSource.system());
        StderrCapture err = new StderrCapture()) {
      cloud.seedServer(VM, "started");
      jwt =
          events.mintToken(
              "bus-integration-upcloud",
              EmbeddedEventsServer.API_AUDIENCE,
              List.of("vm:read", "vm:write"),
              Duration.ofHours(1));
      Map<String, String> env =
          Map.of(
              "BUS_API_TOKEN",
              jwt,
              "UPCLOUD_TOKEN",
              upcloudToken,
              "BUS_EVENTS_API_URL",
              events.collectionUrl().toString(),
              "BUS_UPCLOUD_STATE_DIR",
              stateDir.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  Main.run(
                      new String[] {
                        "--provider",
                        "upcloud",
                        "--upcloud-api-url",
                        cloud.baseUrl(),
                        "--vm-name",
                        VM,
                        "--once",
                        "--log-format",
                        format.wire(),
                        "--log-level",
                        "debug"
                      },
                      env,
                      new PrintStream(out, true, StandardCharsets.UTF_8),
                      System.err));
      awaitStreams(events, exit);
      String callerToken =
          events.mintToken(
              "bus-api-provider-vm",
              EmbeddedEventsServer.API_AUDIENCE,
              List.of("vm:read"),
              Duration.ofHours(1));
      try (HttpEventBus caller =
          HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), callerToken))) {
        caller.publish("bus.vm.status.request", correlationId, TestPayloads.json(Map.of()));
      }
      assertEquals(0, exit.get(20, TimeUnit.SECONDS), err.text());
      assertTrue(
          events.published().stream()
              .map(BusEvent::name)
              .anyMatch("bus.vm.status.response"::equals),
          "the request was answered");
      log = err.text() + out.toString(StandardCharsets.UTF_8);
    }

    String signature = jwt.substring(jwt.lastIndexOf('.') + 1);
    assertFalse(log.contains(jwt), "JWT in the log:\n" + log);
    assertFalse(log.contains(signature), "JWT signature in the log:\n" + log);
    assertFalse(log.contains(upcloudToken), "UpCloud token in the log:\n" + log);
    assertFalse(log.contains("***"), "something tried to log a secret:\n" + log);

    if (format == OutputFormat.JSON) {
      JsonNode answered = null;
      for (String line : log.lines().filter(l -> !l.isBlank()).toList()) {
        JsonNode node = JSON.readTree(line);
        assertTrue(node.has("ts") && node.has("level") && node.has("msg"), line);
        if (node.path("msg").asText().startsWith("request answered")) {
          answered = node;
        }
      }
      assertTrue(answered != null, "a request answered line:\n" + log);
      assertEquals("bus.vm.status.request", answered.path("name").asText());
      assertEquals(correlationId, answered.path("correlation_id").asText());
      assertEquals("ok", answered.path("outcome").asText());
      assertTrue(answered.path("duration_ms").isNumber(), answered.toString());
    } else {
      assertTrue(
          log.lines()
              .anyMatch(
                  l ->
                      l.contains(" [INFO] ")
                          && l.contains(
                              "request answered name=bus.vm.status.request correlation_id="
                                  + correlationId
                                  + " id=")
                          && l.contains(" outcome=ok duration_ms=")),
          log);
    }
  }

  /** VM mode listens to three request names; publish only once every stream is open. */
  private static void awaitStreams(EmbeddedEventsServer events, CompletableFuture<Integer> exit)
      throws InterruptedException {
    boolean open = events.awaitOpenStreams(n -> n >= 3, Duration.ofSeconds(15));
    assertFalse(exit.isDone(), "the worker exited early: " + exit.getNow(null));
    assertTrue(open, "the worker did not subscribe");
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
