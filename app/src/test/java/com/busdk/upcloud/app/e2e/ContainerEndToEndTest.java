package com.busdk.upcloud.app.e2e;

import static com.busdk.upcloud.app.e2e.Deployment.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.events.EventsRemoteScripts;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.testkit.ssh.FakeReachability;
import com.busdk.upcloud.testkit.ssh.FakeSshRunner;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container mode over real HTTP: the runbook's smoke test from no runner to a completed run, with
 * the embedded Events API, the UpCloud simulator and the fake ssh-runner that really runs the
 * rendered Podman script through {@code /bin/sh}. Only SSH readiness is faked: the runner's private
 * address is not on this machine, and tests touch loopback only.
 */
class ContainerEndToEndTest {
  private static final String RUNNER = "ai-platform-container-runner";
  private static final Map<String, Object> SMOKE =
      Map.of(
          "profile", "codex",
          "command", List.of("sh", "-c", "printf BUS_CONTAINER_OK"),
          "identity_id", "user-a");

  @TempDir Path tmp;
  private final Deployment d = new Deployment();
  private final FakeReachability reachability = new FakeReachability();
  private FakeSshRunner sshRunner;
  private Path keyFile;

  @BeforeEach
  void seed() throws Exception {
    d.upcloud.seedPrivateNetwork("ai-platform-private-fi-hel2", "fi-hel2", "10.20.0.0/24");
    keyFile = tmp.resolve("bus_runner.pub");
    Files.writeString(
        keyFile, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDtest bus@runner\n", StandardCharsets.UTF_8);
    sshRunner = new FakeSshRunner(d.bus("bus-integration-ssh-runner")).start();
  }

  @AfterEach
  void close() throws Exception {
    d.close();
    sshRunner.close();
  }

  private void startWorker(String... extra) throws InterruptedException {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--provider=upcloud",
                "--container-runner-name=" + RUNNER,
                "--container-ssh-keys=" + keyFile,
                "--upcloud-poll-interval=20ms",
                "--container-start-timeout=5s",
                "--runner-ssh-ready-timeout=1s",
                "--runner-ssh-ready-poll-interval=20ms",
                "--runner-delete-poll-interval=20ms",
                "--runner-delete-timeout=5s"));
    flags.addAll(List.of(extra));
    d.startWorker(flags, overrides());
  }

  /** Fake readiness, and a short reply margin so a silent ssh-runner fails fast. */
  private Module overrides() {
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(Reachability.class).toInstance(reachability);
      }

      @Provides
      @Singleton
      EventsRemoteScripts remoteScripts(EventBus bus) {
        return new EventsRemoteScripts(bus, Duration.ofMillis(500));
      }
    };
  }

  @Test
  void theRunbookSmokeTestGoesFromNoRunnerToACompletedRun() throws Exception {
    startWorker();
    assertTrue(d.upcloud.servers().isEmpty());

    Map<?, ?> run = payload(d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(30)));
    assertEquals("BUS_CONTAINER_OK", run.get("stdout"), run.toString());
    assertEquals(0, run.get("exit_code"));
    assertEquals("user-a", run.get("owner_identity_id"));
    assertEquals(RUNNER, run.get("runner_name"));
    assertEquals("docker.io/library/alpine:3.20", run.get("image"));
    assertEquals(List.of("sh", "-c", "printf BUS_CONTAINER_OK"), run.get("args"));
    assertTrue(((String) run.get("run_id")).startsWith("run_"));
    assertEquals(1, d.upcloud.servers().size());
    assertEquals(1, d.upcloud.count("POST /server"));

    int readsBefore = d.upcloud.requests().size();
    Map<?, ?> second =
        payload(d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(30)));
    assertEquals("BUS_CONTAINER_OK", second.get("stdout"));
    assertEquals(
        readsBefore + 1,
        d.upcloud.requests().size(),
        "a run on a ready runner reads its state once");
    assertEquals(1, d.upcloud.count("POST /server"));
  }

  @Test
  void anotherIdentityCanNeitherSeeNorDeleteTheRun() throws Exception {
    startWorker();
    String runId =
        (String)
            payload(d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(30)))
                .get("run_id");

    List<?> mine =
        (List<?>)
            payload(d.request("bus.containers.status.request", Map.of("identity_id", "user-a")))
                .get("items");
    assertEquals(1, mine.size());
    assertEquals(runId, ((Map<?, ?>) mine.get(0)).get("id"));
    assertEquals("completed", ((Map<?, ?>) mine.get(0)).get("state"));

    List<?> theirs =
        (List<?>)
            payload(d.request("bus.containers.status.request", Map.of("identity_id", "user-b")))
                .get("items");
    assertTrue(theirs.isEmpty());

    Map<?, ?> refused =
        (Map<?, ?>)
            payload(
                    d.request(
                        "bus.containers.delete.request",
                        Map.of("run_id", runId, "identity_id", "user-b")))
                .get("error");
    assertEquals("not_found", refused.get("type"));

    Map<?, ?> deleted =
        payload(
            d.request(
                "bus.containers.delete.request", Map.of("run_id", runId, "identity_id", "user-a")));
    assertEquals(true, deleted.get("deleted"));
    assertEquals("user-a", deleted.get("owner_identity_id"));
  }

  @Test
  void deletingAnInFlightRunKillsItsContainer() throws Exception {
    startWorker();
    Map<String, Object> slow =
        Map.of(
            "image", "alpine",
            "command", List.of("sh", "-c", "sleep 20; printf LATE"),
            "identity_id", "user-a",
            "run_id", "run_slow");
    var running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return payload(
                    d.request("bus.containers.run.request", slow, Duration.ofSeconds(30)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertTrue(sshRunner.awaitRequests(2, Duration.ofSeconds(10)), "bootstrap and run sent");
    assertTrue(sshRunner.awaitLiveContainer(Duration.ofSeconds(10)), "the container started");
    long started = System.nanoTime();
    Map<?, ?> deleted =
        payload(
            d.request(
                "bus.containers.delete.request",
                Map.of("run_id", "run_slow", "identity_id", "user-a")));
    assertEquals(true, deleted.get("deleted"), deleted.toString());
    Map<?, ?> run = running.get(20, TimeUnit.SECONDS);
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15, "container killed");
    assertTrue(!"LATE".equals(run.get("stdout")), run.toString());
    List<?> items =
        (List<?>)
            payload(d.request("bus.containers.status.request", Map.of("identity_id", "user-a")))
                .get("items");
    assertEquals("deleted", ((Map<?, ?>) items.get(0)).get("state"));
  }

  @Test
  void adminDeleteLeavesNoServerAndNoStorage() throws Exception {
    startWorker();
    d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(30));
    assertEquals(0, d.stopWorker());
    startWorker("--runner-admin");
    Map<?, ?> status =
        (Map<?, ?>)
            payload(d.request("bus.containers.runner.status.request", Map.of())).get("status");
    assertEquals("ready", status.get("state"));

    Map<?, ?> deleted = payload(d.request("bus.containers.runner.delete.request", Map.of()));
    assertEquals(Map.of("deleted", true), deleted);
    assertTrue(d.upcloud.servers().isEmpty(), "servers left: " + d.upcloud.servers());
    assertEquals(List.of(), nonTemplateStorages(), "storages left");

    Map<?, ?> again = payload(d.request("bus.containers.runner.delete.request", Map.of()));
    assertEquals(Map.of("deleted", true), again, "a missing runner is already deleted");
  }

  @Test
  void sshNeverReadyIsAClearErrorAndLeaksNoSecondServer() throws Exception {
    reachability.unreachableEverywhere();
    startWorker();
    Map<?, ?> error =
        (Map<?, ?>)
            payload(d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(30)))
                .get("error");
    assertEquals("timeout", error.get("type"));
    assertTrue(((String) error.get("message")).contains("SSH readiness"), error.toString());
    d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(30));
    assertEquals(1, d.upcloud.count("POST /server"));
    assertEquals(1, d.upcloud.servers().size());
  }

  @Test
  void aSilentSshRunnerIsATimeoutError() throws Exception {
    sshRunner.silent();
    startWorker("--container-run-timeout=1s");
    Map<?, ?> error =
        (Map<?, ?>)
            payload(d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(60)))
                .get("error");
    assertEquals("timeout", error.get("type"), error.toString());
    assertEquals(1, d.upcloud.servers().size());
  }

  @Test
  void aCreateThatFailsAfterCreatingIsReconciledWithoutADuplicate() throws Exception {
    d.upcloud.failNextCreateAfterCreating(500);
    startWorker();
    Map<?, ?> reply =
        payload(d.request("bus.containers.run.request", SMOKE, Duration.ofSeconds(30)));
    assertEquals(1, d.upcloud.count("POST /server"));
    assertEquals(1, d.upcloud.servers().size());
    assertEquals("BUS_CONTAINER_OK", reply.get("stdout"), reply.toString());
  }

  @Test
  void badRunRequestsAreRejectedBeforeAnythingRuns() throws Exception {
    startWorker();
    Map<?, ?> mounts =
        (Map<?, ?>)
            payload(
                    d.request(
                        "bus.containers.run.request",
                        Map.of("image", "alpine", "mounts", List.of("/x:/y"), "identity_id", "u")))
                .get("error");
    assertEquals(Map.of("type", "bad_request", "message", "unsupported mounts"), mounts);
    Map<?, ?> profile =
        (Map<?, ?>)
            payload(
                    d.request(
                        "bus.containers.run.request", Map.of("profile", "gpu", "identity_id", "u")))
                .get("error");
    assertEquals("bad_request", profile.get("type"));
    Map<?, ?> negative =
        (Map<?, ?>)
            payload(
                    d.request(
                        "bus.containers.run.request",
                        Map.of("image", "alpine", "timeout_seconds", -1, "identity_id", "u")))
                .get("error");
    assertEquals("bad_request", negative.get("type"));
    assertTrue(d.upcloud.servers().isEmpty());
  }

  @Test
  void aRunWithoutPayloadIdentityBelongsToThePublisherTheEventsApiStamped() throws Exception {
    startWorker();
    Map<?, ?> run =
        payload(
            d.request(
                "bus.containers.run.request",
                Map.of("image", "alpine", "command", List.of("true")),
                Duration.ofSeconds(30)));
    assertEquals("bus-api-provider", run.get("owner_identity_id"), run.toString());
  }

  private List<String> nonTemplateStorages() {
    List<String> left = new ArrayList<>(d.upcloud.storages());
    left.remove(d.upcloud.defaultTemplateUuid());
    return left;
  }
}
