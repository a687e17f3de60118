package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpCloudConfigTest {
  @Test
  void defaults() {
    UpCloudConfig upcloud = load().upcloud();
    assertEquals(Provider.STATIC, upcloud.provider());
    assertEquals(URI.create("https://api.upcloud.com/1.3"), upcloud.apiUrl());
    assertNull(upcloud.token());
    assertNull(upcloud.vmName());
    assertEquals(Duration.ofSeconds(45), upcloud.vmActionTimeout());
    assertEquals(Duration.ofSeconds(5), upcloud.statePollInterval());
  }

  @Test
  void everyFlag() {
    UpCloudConfig upcloud =
        load(
                "--provider=upcloud",
                "--upcloud-api-url=http://127.0.0.1:9000/1.3",
                "--vm-name",
                "ai-platform-gpu",
                "--vm-action-timeout=2m",
                "--upcloud-poll-interval=1.5s")
            .upcloud();
    assertEquals(Provider.UPCLOUD, upcloud.provider());
    assertEquals(URI.create("http://127.0.0.1:9000/1.3"), upcloud.apiUrl());
    assertEquals("ai-platform-gpu", upcloud.vmName());
    assertEquals(Duration.ofMinutes(2), upcloud.vmActionTimeout());
    assertEquals(Duration.ofMillis(1500), upcloud.statePollInterval());
  }

  @Test
  void everyEnvironmentVariable() {
    String token = Fixtures.mintToken();
    UpCloudConfig upcloud =
        load(env(
                "BUS_UPCLOUD_PROVIDER", "UpCloud",
                "UPCLOUD_API_BASE_URL", "https://upcloud.internal.example/1.3",
                "UPCLOUD_TOKEN", token,
                "UPCLOUD_VM_NAME", "0035e2f5-1d7b-4a2b-9d0a-6b1e9c0f3a11",
                "UPCLOUD_VM_ACTION_TIMEOUT", "90",
                "UPCLOUD_POLL_INTERVAL", "2s"))
            .upcloud();
    assertEquals(Provider.UPCLOUD, upcloud.provider());
    assertEquals(URI.create("https://upcloud.internal.example/1.3"), upcloud.apiUrl());
    assertEquals(token, upcloud.token().reveal());
    assertEquals("0035e2f5-1d7b-4a2b-9d0a-6b1e9c0f3a11", upcloud.vmName());
    assertEquals(Duration.ofSeconds(90), upcloud.vmActionTimeout());
    assertEquals(Duration.ofSeconds(2), upcloud.statePollInterval());
  }

  @Test
  void flagBeatsEnvironment() {
    UpCloudConfig upcloud =
        load(
                env(
                    "BUS_UPCLOUD_PROVIDER", "upcloud",
                    "UPCLOUD_VM_NAME", "env-vm",
                    "UPCLOUD_VM_ACTION_TIMEOUT", "10s"),
                "--provider=static",
                "--vm-name=flag-vm",
                "--vm-action-timeout=20s")
            .upcloud();
    assertEquals(Provider.STATIC, upcloud.provider());
    assertEquals("flag-vm", upcloud.vmName());
    assertEquals(Duration.ofSeconds(20), upcloud.vmActionTimeout());
  }

  @Test
  void emptyFlagClearsANameFromTheEnvironment() {
    assertNull(load(env("UPCLOUD_VM_NAME", "env-vm"), "--vm-name=").upcloud().vmName());
  }

  @Test
  void lastRepeatedFlagWins() {
    assertEquals(
        Provider.UPCLOUD,
        load("--provider", "static", "--provider", "upcloud").upcloud().provider());
  }

  @Test
  void unsupportedProvider() {
    assertEquals("--provider: unsupported provider: \"aws\"", error("--provider", "aws"));
    assertEquals(
        "BUS_UPCLOUD_PROVIDER: unsupported provider: \"gcp\"",
        error(env("BUS_UPCLOUD_PROVIDER", "gcp")));
  }

  @Test
  void durationErrorsNameTheOption() {
    assertEquals(
        "--vm-action-timeout: invalid duration \"45\" (add a unit, e.g. 45s)",
        error("--vm-action-timeout=45"));
    assertEquals(
        "--upcloud-poll-interval: must be positive, got \"0s\"",
        error("--upcloud-poll-interval=0s"));
    assertEquals(
        "UPCLOUD_POLL_INTERVAL: invalid duration \"5 s\"",
        error(env("UPCLOUD_POLL_INTERVAL", "5 s")));
  }

  @Test
  void apiUrlMustBeHttp() {
    assertTrue(
        error("--upcloud-api-url=api.upcloud.com").startsWith("--upcloud-api-url: invalid URL"));
  }

  @Test
  void tokenIsNeverAFlagAndNeverPrinted() {
    String token = Fixtures.mintToken();
    String message = error("--upcloud-token=" + token);
    assertFalse(message.contains(token));
    assertTrue(message.startsWith("--upcloud-token: unknown option"), message);
    UpCloudConfig upcloud = load(env("UPCLOUD_TOKEN", token)).upcloud();
    assertFalse(upcloud.toString().contains(token));
    assertTrue(upcloud.toString().contains("token=<set>"));
  }

  @Test
  void recordValidates() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new UpCloudConfig(
                Provider.STATIC,
                URI.create("https://api.upcloud.com/1.3"),
                null,
                " ",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new UpCloudConfig(
                Provider.STATIC,
                URI.create("https://api.upcloud.com/1.3"),
                null,
                null,
                Duration.ZERO,
                Duration.ofSeconds(1)));
  }
}
