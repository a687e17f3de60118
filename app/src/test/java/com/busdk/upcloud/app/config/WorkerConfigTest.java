package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  @Test
  void defaults() {
    WorkerConfig w = load().worker();
    assertEquals(WorkerMode.LISTENER, w.mode());
    assertFalse(w.once());
    assertEquals(8081, w.localPort());
    assertEquals(16, w.maxInFlight());
    assertEquals(Duration.ofSeconds(30), w.shutdownGrace());
    assertEquals(OutputFormat.TEXT, w.logs().format());
    assertEquals(LogLevel.INFO, w.logs().level());
    assertEquals(OutputFormat.TEXT, w.outputFormat());
  }

  @Test
  void everyFlag() {
    WorkerConfig w =
        load(
                "--once",
                "--local-port=0",
                "--max-in-flight=4",
                "--shutdown-grace=0s",
                "--log-format=json",
                "--log-level=DEBUG",
                "--format=json")
            .worker();
    assertEquals(WorkerMode.LISTENER, w.mode());
    assertTrue(w.once());
    assertEquals(0, w.localPort());
    assertEquals(4, w.maxInFlight());
    assertEquals(Duration.ZERO, w.shutdownGrace());
    assertEquals(OutputFormat.JSON, w.logs().format());
    assertEquals(LogLevel.DEBUG, w.logs().level());
    assertEquals(OutputFormat.JSON, w.outputFormat());
  }

  @Test
  void everyEnvironmentVariable() {
    WorkerConfig w =
        load(env(
                "BUS_LOCAL_PORT", "18081",
                "BUS_WORKER_MAX_IN_FLIGHT", "64",
                "BUS_WORKER_SHUTDOWN_GRACE", "90",
                "BUS_LOG_FORMAT", "json",
                "BUS_LOG_LEVEL", "warn"))
            .worker();
    assertEquals(18081, w.localPort());
    assertEquals(64, w.maxInFlight());
    assertEquals(Duration.ofSeconds(90), w.shutdownGrace());
    assertEquals(OutputFormat.JSON, w.logs().format());
    assertEquals(LogLevel.WARN, w.logs().level());
  }

  @Test
  void flagBeatsEnvironment() {
    WorkerConfig w =
        load(
                env("BUS_WORKER_MAX_IN_FLIGHT", "64", "BUS_LOG_LEVEL", "warn"),
                "--max-in-flight=2",
                "--log-level=trace")
            .worker();
    assertEquals(2, w.maxInFlight());
    assertEquals(LogLevel.TRACE, w.logs().level());
  }

  @Test
  void eachModeFlagSelectsItsMode() {
    assertEquals(WorkerMode.HELP, load("--help").mode());
    assertEquals(WorkerMode.HELP, load("-h").mode());
    assertEquals(WorkerMode.VERSION, load("--version").mode());
    assertEquals(WorkerMode.EVENTS, load("--events").mode());
    assertEquals(WorkerMode.SELF_TEST, load("--self-test").mode());
    assertEquals(WorkerMode.CHECK_VM_STATUS, load("--check-vm-status").mode());
    assertEquals(WorkerMode.CHECK_CONFIG, load("--check-config").mode());
    assertEquals(WorkerMode.LOCAL, load("--local").mode());
    assertEquals(WorkerMode.LISTENER, load("--self-test=false").mode());
    assertTrue(load("--local", "--once").worker().once());
  }

  @Test
  void helpAndVersionWinOverOtherModes() {
    assertEquals(WorkerMode.HELP, load("--self-test", "--check-vm-status", "--help").mode());
    assertEquals(WorkerMode.VERSION, load("--events", "--version").mode());
  }

  @Test
  void exclusiveModesCannotBeCombined() {
    assertEquals(
        "--self-test and --check-vm-status cannot be combined",
        error("--check-vm-status", "--self-test"));
    assertEquals(
        "--once applies only to listener mode and --local", error("--self-test", "--once"));
  }

  @Test
  void errorsNameTheOption() {
    assertEquals(
        "--max-in-flight: invalid count \"0\" (allowed: 1 or more)", error("--max-in-flight=0"));
    assertEquals(
        "BUS_WORKER_MAX_IN_FLIGHT: invalid count \"many\"",
        error(env("BUS_WORKER_MAX_IN_FLIGHT", "many")));
    assertEquals(
        "--local-port: invalid port \"70000\" (allowed: 0 to 65535)", error("--local-port=70000"));
    assertEquals(
        "--shutdown-grace: must not be negative, got \"-1s\"", error("--shutdown-grace=-1s"));
    assertEquals("--log-format: unsupported format: \"xml\"", error("--log-format=xml"));
    assertEquals("--log-level: unsupported log level: \"loud\"", error("--log-level=loud"));
    assertEquals("--format: unsupported format: \"yaml\"", error("--format", "yaml"));
  }

  @Test
  void toStringShowsDurationsInGoSyntax() {
    assertTrue(
        load().worker().toString().contains("shutdownGrace=30s"), load().worker().toString());
  }
}
