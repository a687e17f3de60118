package com.busdk.upcloud.app.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.health.PrometheusText;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.WorkerRuntime;
import com.busdk.upcloud.events.InMemoryEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --local} containers with fake {@code podman} and {@code docker} executables on a temporary
 * {@code PATH}: which runtime is chosen, and a run request going through the real Podman run script
 * to the chosen one. Hermetic: no real container runtime is needed or touched.
 */
class LocalContainersTest {
  /** What the fakes and the run script use; linked alone, so no real runtime is on the PATH. */
  private static final List<String> TOOLS =
      List.of(
          "sh",
          "basename",
          "dirname",
          "sleep",
          "timeout",
          "printf",
          "cat",
          "env",
          "head",
          "mktemp",
          "rm");

  /** Emulates {@code <runtime> run}: skips the options and the image, runs the command. */
  private static final String FAKE_RUNTIME =
      """
      #!/bin/sh
      echo "$(basename "$0") $*" >> "$(dirname "$0")/calls.log"
      case "$1" in
        info) exit %d ;;
        run)
          shift
          while [ $# -gt 0 ]; do
            case "$1" in
              --rm|--read-only) shift ;;
              --name|--label|--tmpfs|--workdir|--network|--user|-e) shift 2 ;;
              *) break ;;
            esac
          done
          shift
          exec "$@" ;;
        *) exit 0 ;;
      esac
      """;

  @TempDir Path bin;
  @TempDir Path tools;

  @BeforeEach
  void linkTools() throws Exception {
    for (String tool : TOOLS) {
      for (String dir : List.of("/usr/bin", "/bin")) {
        Path real = Path.of(dir, tool);
        if (Files.isExecutable(real)) {
          Files.createSymbolicLink(tools.resolve(tool), real);
          break;
        }
      }
    }
  }

  private String path() {
    return bin + ":" + tools;
  }

  @Test
  void podmanIsPreferredWhenItsInfoWorks() throws Exception {
    fake("podman", 0);
    fake("docker", 0);
    ContainerRuntime runtime = detect();
    assertEquals(ContainerRuntime.Kind.PODMAN, runtime.kind());
    assertEquals(bin.resolve("podman"), runtime.executable());
  }

  @Test
  void dockerIsUsedWhenPodmanIsMissingOrBroken() throws Exception {
    fake("docker", 0);
    assertEquals(ContainerRuntime.Kind.DOCKER, detect().kind());
    fake("podman", 125);
    ContainerRuntime runtime = detect();
    assertEquals(ContainerRuntime.Kind.DOCKER, runtime.kind());
    assertTrue(runtime.detail().startsWith("docker ("), runtime.detail());
  }

  @Test
  void aCliWithoutAWorkingEngineIsNoRuntime() throws Exception {
    fake("docker", 1);
    ContainerRuntime runtime = detect();
    assertEquals(ContainerRuntime.Kind.NONE, runtime.kind());
    assertNull(runtime.executable());
    assertEquals(
        "none: install podman or docker to run containers with --local (docker info exited 1:"
            + " its engine is not reachable)",
        runtime.detail());
  }

  @Test
  void anInfoThatHangsIsCutShort() throws Exception {
    Path podman = bin.resolve("podman");
    Files.writeString(podman, "#!/bin/sh\nexec sleep 30\n");
    executable(podman);
    long started = System.nanoTime();
    ContainerRuntime runtime =
        ContainerRuntime.detect(Map.of("PATH", path()), Duration.ofMillis(500));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
    assertEquals(ContainerRuntime.Kind.NONE, runtime.kind());
    assertTrue(runtime.detail().contains("podman info did not answer"), runtime.detail());
  }

  @Test
  void nothingOnThePathIsNoRuntime() {
    assertEquals(
        "none: install podman or docker to run containers with --local", detect().detail());
  }

  @Test
  void aRunGoesThroughThePodmanRunScriptToPodman() throws Exception {
    fake("podman", 0);
    Map<?, ?> run = runContainer(detect());
    assertEquals("BUS_CONTAINER_OK", run.get("stdout"), run.toString());
    assertEquals(0, run.get("exit_code"));
    Map<?, ?> details = (Map<?, ?>) ((Map<?, ?>) run.get("runtime")).get("details");
    assertEquals("podman (" + bin.resolve("podman") + ")", details.get("container_runtime"));
    String calls = Files.readString(bin.resolve("calls.log"));
    assertTrue(calls.contains("podman run --rm --name bus-"), calls);
  }

  @Test
  void withDockerAPodmanShimRunsDockerOnABridgeNetwork() throws Exception {
    fake("docker", 0);
    Map<?, ?> run = runContainer(detect());
    assertEquals("BUS_CONTAINER_OK", run.get("stdout"), run.toString());
    Map<?, ?> details = (Map<?, ?>) ((Map<?, ?>) run.get("runtime")).get("details");
    assertTrue(
        details.get("container_runtime").toString().endsWith("podman mapped to docker)"),
        details.toString());
    String calls = Files.readString(bin.resolve("calls.log"));
    assertTrue(calls.contains("docker run --rm --name bus-"), calls);
    assertTrue(calls.contains("--network bridge"), calls);
    assertTrue(!calls.contains("slirp4netns"), calls);
  }

  @Test
  void withoutARuntimeTheAnswerSaysSoInsteadOfAnEmptyOutputAlone() throws Exception {
    Map<?, ?> run = runContainer(detect());
    assertEquals("", run.get("stdout"));
    Map<?, ?> details = (Map<?, ?>) ((Map<?, ?>) run.get("runtime")).get("details");
    assertEquals(
        "none: install podman or docker to run containers with --local",
        details.get("container_runtime"));
  }

  private ContainerRuntime detect() {
    return ContainerRuntime.detect(Map.of("PATH", path()), ContainerRuntime.PROBE_TIMEOUT);
  }

  /** Runs the smoke test of the runbook through a worker wired as {@code --local} wires it. */
  private Map<?, ?> runContainer(ContainerRuntime runtime) throws Exception {
    Map<String, String> env = Map.of("PATH", path());
    Settings settings =
        SettingsLoader.load(new String[] {"--provider=static", "--state-dir=" + tools}, env);
    Telemetry telemetry = Telemetry.create();
    LocalScripts scripts = runtime.available() ? new LocalScripts(runtime, env) : null;
    try (InMemoryEventBus bus = new InMemoryEventBus()) {
      WorkerRuntime worker =
          WorkerRuntime.create(
              settings,
              bus,
              TimeSource.system(),
              telemetry,
              new LocalContainersModule(runtime, scripts, telemetry));
      CompletableFuture<Integer> exit = worker.runInBackground();
      assertTrue(worker.awaitReady(Duration.ofSeconds(10)));
      CompletableFuture<BusEvent> answer = new CompletableFuture<>();
      var unused =
          bus.subscribe("bus.containers.run.response", Delivery.broadcast(), answer::complete);
      bus.publish(
          "bus.containers.run.request",
          "local-1",
          TestPayloads.json(
              Map.of(
                  "profile",
                  "codex",
                  "command",
                  List.of("sh", "-c", "printf BUS_CONTAINER_OK"),
                  "identity_id",
                  "developer")));
      Map<?, ?> run = answer.get(30, TimeUnit.SECONDS).payloadAs(Map.class);
      if (runtime.available()) {
        Map<String, Double> metrics = PrometheusText.parse(telemetry.scrape());
        assertTrue(
            metrics.getOrDefault("bus_ssh_runner_calls_total{outcome=\"ok\"}", 0.0) >= 2,
            "bootstrap and run counted: " + metrics);
      }
      worker.stop();
      exit.get(30, TimeUnit.SECONDS);
      return run;
    } finally {
      if (scripts != null) {
        scripts.close();
      }
    }
  }

  private void fake(String name, int infoExit) throws Exception {
    Path file = bin.resolve(name);
    Files.writeString(file, String.format(FAKE_RUNTIME, infoExit));
    executable(file);
  }

  private static void executable(Path file) throws Exception {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }
}
