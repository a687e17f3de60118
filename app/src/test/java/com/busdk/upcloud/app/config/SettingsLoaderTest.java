package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
  @Test
  void unknownOptionIsAnError() {
    assertEquals("--vm: unknown option (see --help)", error("--vm=x"));
    assertEquals("--frobnicate: unknown option (see --help)", error("--frobnicate"));
  }

  @Test
  void positionalArgumentsAreRejectedWithoutEchoingThem() {
    String message = error("--vm-name", "gpu", "stray-value");
    assertEquals("unexpected argument (this command takes only options; see --help)", message);
  }

  @Test
  void aSwitchNeverSwallowsTheNextArgument() {
    String token = Fixtures.mintToken();
    String message = error("--help", "--api-token=" + token);
    assertFalse(message.contains(token), message);
    assertTrue(message.startsWith("--api-token: unknown option"), message);
    assertEquals(
        "unexpected argument (this command takes only options; see --help)",
        error("--once", "false"));
    Settings settings = load("--once", "--vm-name=gpu");
    assertTrue(settings.worker().once());
    assertEquals("gpu", settings.upcloud().vmName());
  }

  @Test
  void missingValueNamesTheOption() {
    assertEquals("--vm-name: missing value", error("--vm-name"));
  }

  @Test
  void argumentFilesAreNotExpanded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("args");
    Files.writeString(file, "--provider=upcloud\n");
    assertEquals(
        "unexpected argument (this command takes only options; see --help)", error("@" + file));
  }

  @Test
  void errorsAreOneLineEvenForMultiLineValues() {
    String message = error("--provider=up\ncloud");
    assertEquals("--provider: unsupported provider: \"up\\ncloud\"", message);
    assertFalse(message.contains("\n"));
  }

  @Test
  void helpAndVersionWorkWhateverTheEnvironmentHolds() {
    var broken =
        env(
            "BUS_UPCLOUD_PROVIDER", "aws",
            "UPCLOUD_CONTAINER_RUN_TIMEOUT", "forever",
            "BUS_EVENTS_LISTENER_RETRY_MIN", "9s",
            "BUS_EVENTS_LISTENER_RETRY_MAX", "1s");
    Settings help = load(broken, "--help");
    assertEquals(WorkerMode.HELP, help.mode());
    assertEquals(Provider.STATIC, help.upcloud().provider());
    assertEquals(
        List.of(
            "BUS_EVENTS_LISTENER_RETRY_MAX: 1s is less than BUS_EVENTS_LISTENER_RETRY_MIN 9s",
            "BUS_UPCLOUD_PROVIDER: unsupported provider: \"aws\", using the default",
            "UPCLOUD_CONTAINER_RUN_TIMEOUT: invalid duration \"forever\", using the default"),
        help.warnings());
    assertEquals(WorkerMode.VERSION, load(broken, "--version", "--provider=nope").mode());
  }

  @Test
  void selfTestDoesNotTolerateBrokenValues() {
    assertEquals(
        "BUS_UPCLOUD_PROVIDER: unsupported provider: \"aws\"",
        error(env("BUS_UPCLOUD_PROVIDER", "aws"), "--self-test"));
  }

  @Test
  void staticSelfTestDropsProviderNamesAndCredentials() {
    String token = Fixtures.mintToken();
    Settings configured =
        load(
            env("UPCLOUD_TOKEN", token),
            "--self-test",
            "--provider=upcloud",
            "--vm-name=gpu",
            "--container-runner-name=runner",
            "--runner-admin",
            "--max-in-flight=3");
    Settings selfTest = SettingsLoader.staticSelfTest(configured);
    assertEquals(Provider.STATIC, selfTest.upcloud().provider());
    assertNull(selfTest.upcloud().token());
    assertNull(selfTest.upcloud().vmName());
    assertNull(selfTest.container().runnerName());
    assertFalse(selfTest.runner().admin());
    assertEquals(3, selfTest.worker().maxInFlight());
    assertEquals(new Modes(true, true, false), Modes.of(selfTest));
    ModeRequirements.verify(selfTest);
  }

  @Test
  void settingsToStringNamesEveryConcernWithoutSecrets() {
    String busToken = Fixtures.mintToken();
    String upcloudToken = Fixtures.mintToken();
    String text = load(env("BUS_API_TOKEN", busToken, "UPCLOUD_TOKEN", upcloudToken)).toString();
    assertFalse(text.contains(busToken));
    assertFalse(text.contains(upcloudToken));
    for (String part :
        List.of(
            "EventsConfig[",
            "UpCloudConfig[",
            "ContainerConfig[",
            "RunnerConfig[",
            "WorkerConfig[",
            "Runs[",
            "timeout=30m",
            "DeletePolicy[stopFirst=true, readyStates=[stopped], transientStates=[maintenance,"
                + " pending], timeout=10m")) {
      assertTrue(text.contains(part), part);
    }
  }
}
