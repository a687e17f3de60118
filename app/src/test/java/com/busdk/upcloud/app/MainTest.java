package com.busdk.upcloud.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line as an operator uses it: output, exit codes, one-line errors. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir;

  /** Runs Main with a state directory of this test's unless the caller names one. */
  private int run(Map<String, String> env, String... args) {
    Map<String, String> withState = new java.util.HashMap<>(env);
    withState.putIfAbsent("BUS_UPCLOUD_STATE_DIR", stateDir.toString());
    return Main.run(
        args,
        withState,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void selfTestNeedsNoCredentialsAndPrintsOk() {
    assertEquals(0, run(Map.of(), "--self-test"));
    assertTrue(out().contains("ok   vm status"), out());
    assertTrue(out().contains("ok   container run"), out());
    assertTrue(out().strip().endsWith("bus-integration-upcloud self-test OK"), out());
  }

  @Test
  void selfTestIgnoresAnUpcloudEnvironment() {
    assertEquals(
        0, run(Map.of("BUS_UPCLOUD_PROVIDER", "upcloud", "UPCLOUD_VM_NAME", "gpu"), "--self-test"));
    assertTrue(out().contains("self-test OK"));
  }

  @Test
  void checkVmStatusWithTheStaticProviderPrintsOneJsonStatus() {
    assertEquals(0, run(Map.of(), "--check-vm-status", "--provider", "static"));
    String json = out().strip();
    assertTrue(json.startsWith("{\"status\":{\"state\":\"ready\",\"provider\":\"static\""), json);
    assertEquals(1, json.lines().count());
  }

  @Test
  void checkVmStatusAgainstUpCloud() {
    try (UpCloudSimulator sim = UpCloudSimulator.start()) {
      sim.seedServer("ai-platform-gpu", "started");
      Map<String, String> env = Map.of("UPCLOUD_TOKEN", sim.token());
      assertEquals(
          0,
          run(
              env,
              "--check-vm-status",
              "--provider=upcloud",
              "--upcloud-api-url=" + sim.baseUrl(),
              "--vm-name=ai-platform-gpu"));
      assertTrue(out().contains("\"state\":\"ready\",\"provider\":\"upcloud\""), out());

      assertEquals(
          1,
          run(
              env,
              "--check-vm-status",
              "--provider=upcloud",
              "--upcloud-api-url=" + sim.baseUrl(),
              "--vm-name=nope"));
      assertTrue(err().contains("VM \"nope\" not found"), err());

      String wrongToken = "ucat_" + "X".repeat(26);
      assertEquals(
          3,
          run(
              Map.of("UPCLOUD_TOKEN", wrongToken),
              "--check-vm-status",
              "--provider=upcloud",
              "--upcloud-api-url=" + sim.baseUrl(),
              "--vm-name=ai-platform-gpu"));
      assertTrue(!err().contains(wrongToken), "token leaked to stderr");
    }
  }

  @Test
  void configurationErrorsAreOneLineAndExitTwo() {
    assertConfigError(Map.of(), "unsupported provider", "--provider", "aws", "--self-test");
    assertConfigError(
        Map.of(), "unsupported container network mode", "--container-network-mode=vpn");
    assertConfigError(Map.of(), "unsupported runner netplan mode", "--runner-netplan-mode=auto");
    assertConfigError(Map.of(), "--events-url");
    assertConfigError(
        Map.of("BUS_EVENTS_API_URL", "http://127.0.0.1:9/api/v1/events"), "BUS_API_TOKEN");
    assertConfigError(
        Map.of(), "UPCLOUD_TOKEN", "--check-vm-status", "--provider=upcloud", "--vm-name=x");
    assertConfigError(
        Map.of("UPCLOUD_TOKEN", "t"), "--vm-name", "--check-vm-status", "--provider=upcloud");
    assertConfigError(Map.of(), "--container-run-timeout", "--container-run-timeout=5x");
  }

  @Test
  void helpDocumentsEveryOptionAndVersionPrintsTheVersion() {
    assertEquals(0, run(Map.of(), "--help"));
    for (String option :
        List.of(
            "--events-url", "--container-ssh-keys", "--runner-delete-timeout", "--runner-admin")) {
      assertTrue(out().contains(option), option);
    }
    out.reset();
    assertEquals(0, run(Map.of(), "--version"));
    assertTrue(out().startsWith("bus-integration-upcloud "), out());
  }

  @Test
  void eventsListsWhatTheModeListensToAndPublishes() {
    assertEquals(0, run(Map.of(), "--events", "--provider=upcloud", "--container-runner-name=r"));
    String text = out();
    assertTrue(text.contains("listen bus.containers.run.request container:run"), text);
    assertTrue(text.contains("publish bus.ssh.script.run.request ssh:run"), text);
    assertTrue(!text.contains("bus.vm."), text);
    assertTrue(!text.contains("runner"), text);

    out.reset();
    assertEquals(
        0,
        run(
            Map.of(),
            "--events",
            "--provider=upcloud",
            "--container-runner-name=r",
            "--runner-admin"));
    text = out();
    assertTrue(text.contains("listen bus.containers.runner.delete.request container:admin"), text);
    assertTrue(!text.contains("bus.containers.run.request"), text);
  }

  @Test
  void aTokenWithoutTheScopeStopsTheWorkerWithExitThreeNamingTheScope() throws Exception {
    try (EmbeddedEventsServer events = new EmbeddedEventsServer(0).start()) {
      String token =
          events.mintToken(
              "bus-integration-upcloud",
              EmbeddedEventsServer.API_AUDIENCE,
              List.of("vm:read"),
              Duration.ofHours(1));
      int code =
          run(
              Map.of("BUS_API_TOKEN", token, "BUS_EVENTS_LISTENER_RETRY_MIN", "50ms"),
              "--events-url=" + events.collectionUrl(),
              "--provider=static",
              "--vm-name=gpu");
      assertEquals(3, code);
    }
  }

  @Test
  void anInvalidTokenStopsTheWorkerWithExitThree() throws Exception {
    try (EmbeddedEventsServer events = new EmbeddedEventsServer(0).start()) {
      String forged =
          new EmbeddedEventsServer(0)
              .mintToken(
                  "x", EmbeddedEventsServer.API_AUDIENCE, List.of("vm:read"), Duration.ofHours(1));
      int code =
          run(
              Map.of("BUS_API_TOKEN", forged),
              "--events-url=" + events.collectionUrl(),
              "--vm-name=gpu");
      assertEquals(3, code);
    }
  }

  private void assertConfigError(Map<String, String> env, String mention, String... args) {
    out.reset();
    err.reset();
    assertEquals(2, run(env, args), "exit code for " + List.of(args));
    String message = err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(mention), message);
  }
}
