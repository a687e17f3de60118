package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeRequirementsTest {
  private static final String URL = "--events-url=https://bus.example.test/api/v1/events";

  private static String failure(Map<String, String> env, String... args) {
    Settings settings = load(env, args);
    return assertThrows(ConfigException.class, () -> ModeRequirements.verify(settings))
        .getMessage();
  }

  private static void passes(Map<String, String> env, String... args) {
    Settings settings = load(env, args);
    assertDoesNotThrow(() -> ModeRequirements.verify(settings));
  }

  @Test
  void listenerNeedsEventsUrl() {
    assertEquals(
        "--events-url is required in listener mode (or set BUS_EVENTS_API_URL)",
        failure(env("BUS_API_TOKEN", Fixtures.mintToken())));
  }

  @Test
  void listenerNeedsBusApiToken() {
    assertEquals(
        "BUS_API_TOKEN is not set: listener mode needs a Bus API token (BUS_API_TOKEN,"
            + " BUS_API_TOKEN_FILE or the systemd credential bus-api-token)",
        failure(Map.of(), URL));
  }

  @Test
  void staticListenerNeedsNothingMore() {
    passes(env("BUS_API_TOKEN", Fixtures.mintToken()), URL);
  }

  @Test
  void upcloudListenerNeedsUpCloudToken() {
    assertEquals(
        "UPCLOUD_TOKEN is not set: --provider upcloud needs an UpCloud API token (UPCLOUD_TOKEN,"
            + " UPCLOUD_TOKEN_FILE or the systemd credential upcloud-token)",
        failure(
            env("BUS_API_TOKEN", Fixtures.mintToken()),
            URL,
            "--provider=upcloud",
            "--vm-name=gpu"));
    passes(
        env("BUS_API_TOKEN", Fixtures.mintToken(), "UPCLOUD_TOKEN", Fixtures.mintToken()),
        URL,
        "--provider=upcloud",
        "--vm-name=gpu");
  }

  @Test
  void upcloudListenerNeedsSomethingToServe() {
    var env = env("BUS_API_TOKEN", Fixtures.mintToken(), "UPCLOUD_TOKEN", Fixtures.mintToken());
    assertEquals(
        "--provider upcloud needs --vm-name or --container-runner-name (or UPCLOUD_VM_NAME,"
            + " UPCLOUD_CONTAINER_RUNNER_NAME): nothing to serve",
        failure(env, URL, "--provider=upcloud"));
    assertEquals(
        "--runner-admin needs --container-runner-name (or UPCLOUD_CONTAINER_RUNNER_NAME) with"
            + " --provider upcloud",
        failure(env, URL, "--provider=upcloud", "--vm-name=gpu", "--runner-admin"));
  }

  @Test
  void localModeNeedsNoEventsCredentialsButUpCloudStillNeedsItsToken() {
    passes(Map.of(), "--local");
    assertEquals(
        "UPCLOUD_TOKEN is not set: --provider upcloud needs an UpCloud API token (UPCLOUD_TOKEN,"
            + " UPCLOUD_TOKEN_FILE or the systemd credential upcloud-token)",
        failure(Map.of(), "--local", "--provider=upcloud", "--container-runner-name=r"));
  }

  @Test
  void checkVmStatusWithUpCloudNeedsTokenAndVmName() {
    assertEquals(
        "UPCLOUD_TOKEN is not set: --provider upcloud needs an UpCloud API token (UPCLOUD_TOKEN,"
            + " UPCLOUD_TOKEN_FILE or the systemd credential upcloud-token)",
        failure(Map.of(), "--check-vm-status", "--provider=upcloud", "--vm-name=gpu"));
    assertEquals(
        "--check-vm-status needs --vm-name (or UPCLOUD_VM_NAME) with --provider upcloud",
        failure(
            env("UPCLOUD_TOKEN", Fixtures.mintToken()), "--check-vm-status", "--provider=upcloud"));
    passes(
        env("UPCLOUD_TOKEN", Fixtures.mintToken(), "UPCLOUD_VM_NAME", "gpu"),
        "--check-vm-status",
        "--provider=upcloud");
    passes(Map.of(), "--check-vm-status");
  }

  @Test
  void modesWithoutNetworkNeedNoCredentials() {
    for (String mode :
        new String[] {"--help", "--version", "--events", "--self-test", "--check-config"}) {
      passes(Map.of(), mode, "--provider=upcloud");
    }
  }

  @Test
  void explicitModeOverridesTheSettingsMode() {
    Settings settings = load("--self-test");
    assertThrows(
        ConfigException.class, () -> ModeRequirements.verify(settings, WorkerMode.LISTENER));
  }
}
