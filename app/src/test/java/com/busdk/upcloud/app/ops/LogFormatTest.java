package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.LogLevel;
import com.busdk.upcloud.app.config.OutputFormat;
import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.app.config.WorkerConfig;
import com.busdk.upcloud.app.config.WorkerMode;
import com.busdk.upcloud.app.runtime.Logging;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --log-format text|json} and {@code --log-level} through the SLF4J API. */
class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger("com.busdk.upcloud.domain.Example");

  @AfterEach
  void restoreDefaults() {
    Logging.configure(worker(OutputFormat.TEXT, LogLevel.INFO));
  }

  @Test
  void textIsOneLineWithTimestampLevelLoggerAndKeyValueMessage() {
    Logging.configure(worker(OutputFormat.TEXT, LogLevel.INFO));
    String out = capture(this::answered);
    assertTrue(
        out.strip()
            .matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[INFO\\]"
                    + " com\\.busdk\\.upcloud\\.domain\\.Example - request answered"
                    + " name=bus\\.vm\\.status\\.request correlation_id=c-1 outcome=ok"
                    + " duration_ms=12"),
        out);
  }

  @Test
  void jsonIsOneObjectPerLineWithTheMessageFieldsLifted() throws Exception {
    Logging.configure(worker(OutputFormat.JSON, LogLevel.INFO));
    String out = capture(this::answered);
    List<String> lines = out.lines().toList();
    assertEquals(1, lines.size(), out);
    JsonNode line = JSON.readTree(lines.get(0));
    assertEquals("INFO", line.get("level").asText());
    assertEquals("com.busdk.upcloud.domain.Example", line.get("logger").asText());
    assertTrue(line.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), line.toString());
    assertEquals(
        "request answered name=bus.vm.status.request correlation_id=c-1 outcome=ok"
            + " duration_ms=12",
        line.get("msg").asText());
    assertEquals("bus.vm.status.request", line.get("name").asText());
    assertEquals("c-1", line.get("correlation_id").asText());
    assertEquals("ok", line.get("outcome").asText());
    assertTrue(line.get("duration_ms").isNumber(), line.toString());
    assertEquals(12, line.get("duration_ms").asInt());
  }

  @Test
  void jsonEscapesAndCarriesTheStackTraceInOneLine() throws Exception {
    Logging.configure(worker(OutputFormat.JSON, LogLevel.INFO));
    String out =
        capture(
            () ->
                LOG.error(
                    "handler failed name={} correlation_id={}: \"quoted\"\ttab",
                    "bus.vm.start.request",
                    "c-2",
                    new IllegalStateException("boom\nsecond line")));
    List<String> lines = out.lines().toList();
    assertEquals(1, lines.size(), out);
    JsonNode line = JSON.readTree(lines.get(0));
    assertEquals("ERROR", line.get("level").asText());
    assertEquals("c-2", line.get("correlation_id").asText(), "trailing ':' is not in the value");
    assertTrue(line.get("msg").asText().endsWith("\"quoted\"\ttab"), line.toString());
    assertTrue(
        line.get("error").asText().startsWith("java.lang.IllegalStateException: boom\nsecond"),
        line.toString());
    assertTrue(line.get("error").asText().contains("\tat "), "stack frames kept");
  }

  @Test
  void textWritesEveryLogCallOnOnePhysicalLineWhatTheValuesCarry() {
    Logging.configure(worker(OutputFormat.TEXT, LogLevel.INFO));
    String forged = "lp-1\n2099-01-01T00:00:00Z [ERROR] com.busdk.upcloud.Forged - FORGED LINE";
    String controls =
        "esc\u001b[31m nul\u0000 cr\r tab\t del\u007f c1\u0085 ls\u2028 ps\u2029 lone\ud800 pair\ud83d\ude00";

    String out =
        capture(
            () -> {
              LOG.info(
                  "request answered name={} correlation_id={}", "bus.vm.status.request", forged);
              LOG.warn("values {}", controls);
              LOG.error("failed", new IllegalStateException("boom\nsecond line\r\u001b"));
            });

    List<String> lines = List.of(out.split("\n"));
    assertEquals(3, lines.size(), out);
    for (String line : lines) {
      assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\[[A-Z]+\\] \\S+ - .*"), line);
    }
    assertTrue(
        lines
            .get(0)
            .endsWith(
                "correlation_id=lp-1\\n2099-01-01T00:00:00Z [ERROR] com.busdk.upcloud.Forged - FORGED LINE"),
        lines.get(0));
    assertTrue(
        lines
            .get(1)
            .endsWith(
                "values esc\\u001b[31m nul\\u0000 cr\\r tab\\t del\\u007f c1\\u0085 ls\\u2028"
                    + " ps\\u2029 lone\\ud800 pair\ud83d\ude00"),
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .contains("failed java.lang.IllegalStateException: boom\\nsecond line\\r\\u001b"),
        lines.get(2));
    assertTrue(lines.get(2).contains("\\n\\tat "), "stack frames kept, escaped: " + lines.get(2));
  }

  @Test
  void jsonEscapesWhatWouldOtherwiseBeLostOrInvisible() throws Exception {
    Logging.configure(worker(OutputFormat.JSON, LogLevel.INFO));
    String id = "lim-surrogate-\ud800-x del\u007f c1\u0085";

    String out = capture(() -> LOG.info("request answered correlation_id={} end", id));

    assertTrue(out.contains("lim-surrogate-\\ud800-x del\\u007f c1\\u0085"), out);
    assertEquals(
        "request answered correlation_id=" + id + " end", JSON.readTree(out).get("msg").asText());
  }

  @Test
  void levelFiltersLowerLevels() {
    Logging.configure(worker(OutputFormat.TEXT, LogLevel.WARN));
    String out =
        capture(
            () -> {
              LOG.info("not shown");
              LOG.warn("shown");
            });
    assertFalse(out.contains("not shown"), out);
    assertTrue(out.contains("[WARN] com.busdk.upcloud.domain.Example - shown"), out);

    Logging.configure(worker(OutputFormat.TEXT, LogLevel.DEBUG));
    assertTrue(capture(() -> LOG.debug("detail")).contains("[DEBUG]"));
    Logger sshd = LoggerFactory.getLogger("org.apache.sshd.common.Example");
    assertEquals("", capture(() -> sshd.info("library chatter")), "sshd stays at warn");
  }

  @Test
  void configuredSecretsAreMaskedShouldAnythingLogThem() throws Exception {
    // Minted now: random parts, so no committed text looks like a real token.
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    java.security.SecureRandom random = new java.security.SecureRandom();
    byte[] sig = new byte[24];
    random.nextBytes(sig);
    String signature = b64.encodeToString(sig);
    String jwt =
        b64.encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                "{\"sub\":\"worker\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + signature;
    String upcloud = "ucat_" + java.util.HexFormat.of().formatHex(sig, 0, 8);
    for (OutputFormat format : OutputFormat.values()) {
      Logging.configure(worker(format, LogLevel.INFO), Secret.of(jwt), Secret.of(upcloud), null);
      String out =
          capture(
              () -> {
                LOG.info("token={} upcloud={}", jwt, upcloud);
                LOG.info("signature only: {}", signature);
                LOG.warn("failed", new IllegalStateException("bad token " + upcloud));
              });
      assertFalse(out.contains(signature), out);
      assertFalse(out.contains(upcloud), out);
      assertTrue(out.contains("token=***"), out);
      assertTrue(out.contains("signature only: ***"), out);
      if (format == OutputFormat.JSON) {
        for (String line : out.lines().toList()) {
          JSON.readTree(line);
        }
      }
    }
  }

  private void answered() {
    LOG.info(
        "request answered name={} correlation_id={} outcome={} duration_ms={}",
        "bus.vm.status.request",
        "c-1",
        "ok",
        12);
  }

  private static String capture(Runnable logging) {
    try (StderrCapture err = new StderrCapture()) {
      logging.run();
      return err.text();
    }
  }

  static WorkerConfig worker(OutputFormat format, LogLevel level) {
    return new WorkerConfig(
        WorkerMode.LISTENER,
        false,
        0,
        1,
        Duration.ofSeconds(1),
        new WorkerConfig.Logs(format, level),
        OutputFormat.TEXT,
        null);
  }
}
