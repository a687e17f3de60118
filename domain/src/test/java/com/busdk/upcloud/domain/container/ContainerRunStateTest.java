package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.InputLimits;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ContainerDeleteResponse;
import com.busdk.upcloud.ports.ContainerItem;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.ssh.FakeRemoteScripts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Run state: the journal, byte limits, output caps, the runner as shared truth, restarts. */
class ContainerRunStateTest {
  private static final List<String> SMOKE = List.of("sh", "-c", "printf BUS_CONTAINER_OK");

  private final Fixture f = new Fixture();

  /** What the fake runner's {@code podman ps} prints. */
  private final AtomicReference<String> psOutput = new AtomicReference<>("");

  /** What the fake runner's removal script prints. */
  private final AtomicReference<String> rmOutput = new AtomicReference<>("absent\n");

  private final AtomicReference<ScriptResult> runResult =
      new AtomicReference<>(FakeRemoteScripts.success("BUS_CONTAINER_OK"));

  ContainerRunStateTest() {
    f.createdRunnerStartsAfter(1);
    f.scripts.otherwise(
        (correlationId, request) -> {
          if (correlationId.endsWith(".ssh.run")) {
            return runResult.get();
          }
          if (correlationId.endsWith(".ssh.ps")) {
            return FakeRemoteScripts.success(psOutput.get());
          }
          if (correlationId.endsWith(".ssh.rm")) {
            return FakeRemoteScripts.success(rmOutput.get());
          }
          return FakeRemoteScripts.success("");
        });
  }

  /** A run recorded as running by {@code worker}, as a process that died would leave it. */
  private RunEntry leftRunning(String owner, String runId, String worker) {
    return RunEntry.started(
        new RunEntry.Key(owner, runId),
        new RunEntry.Launch(
            "corr-" + runId.substring(2),
            worker,
            "alpine",
            SMOKE,
            Fixture.RUNNER,
            PodmanScript.containerName(owner, runId),
            f.time.now()));
  }

  private static ContainerRunRequest request(String runId) {
    return ContainerRunRequest.ofProfile("codex", SMOKE).withRunId(runId);
  }

  @Test
  void twoOwnersMayUseOneRunIdWithoutLearningOfEachOther() {
    ContainerRunResponse alice = f.runs().run("c-1", "alice", request("run_1"));
    ContainerRunResponse bob = f.runs().run("c-2", "bob", request("run_1"));
    assertEquals("run_1", alice.runId());
    assertEquals("run_1", bob.runId());
    WorkerException again =
        assertThrows(WorkerException.class, () -> f.runs().run("c-3", "alice", request("run_1")));
    assertEquals(ErrorType.CONFLICT, again.type());
    assertEquals(1, f.runs().status("s", "bob").items().size());
    assertEquals(
        2,
        f.scripts.calls().stream().filter(c -> c.correlationId().endsWith(".ssh.run")).count(),
        "the conflict ran nothing");
  }

  static Stream<Arguments> overLimit() {
    InputLimits l = InputLimits.defaults();
    String big = "x".repeat(100_000);
    List<String> manyArgs = new ArrayList<>();
    for (int i = 0; i <= l.commandEntries(); i++) {
      manyArgs.add("a");
    }
    Map<String, String> manyEnv = new HashMap<>();
    for (int i = 0; i <= l.envEntries(); i++) {
      manyEnv.put("K" + i, "v");
    }
    return Stream.of(
        Arguments.of(ContainerRunRequest.ofProfile(big, SMOKE), "profile: longer than 64 bytes"),
        Arguments.of(ContainerRunRequest.ofImage(big, SMOKE), "image: longer than 512 bytes"),
        Arguments.of(
            ContainerRunRequest.ofProfile("codex", SMOKE).withRunId(big),
            "run_id: longer than 128 bytes"),
        Arguments.of(
            new ContainerRunRequest(
                "codex",
                null,
                new ContainerRunRequest.Exec(SMOKE, null, null, "/" + big),
                null,
                null,
                null),
            "workdir: longer than 256 bytes"),
        Arguments.of(
            ContainerRunRequest.ofProfile("codex", manyArgs), "command: more than 256 entries"),
        Arguments.of(
            new ContainerRunRequest(
                "codex",
                null,
                new ContainerRunRequest.Exec(null, List.of(big), null, null),
                null,
                null,
                null),
            "args: longer than 65536 bytes in all"),
        Arguments.of(
            new ContainerRunRequest(
                "codex",
                null,
                new ContainerRunRequest.Exec(SMOKE, null, manyEnv, null),
                null,
                null,
                null),
            "env: more than 128 entries"),
        Arguments.of(
            new ContainerRunRequest(
                "codex",
                null,
                new ContainerRunRequest.Exec(SMOKE, null, Map.of("K", big), null),
                null,
                null,
                null),
            "env: longer than 65536 bytes in all"),
        Arguments.of(
            ContainerRunRequest.ofProfile("codex", SMOKE).withTimeoutSeconds(86_401L),
            "timeout_seconds: at most 86400"));
  }

  @ParameterizedTest
  @MethodSource("overLimit")
  void everyFieldOverItsLimitIsABadRequestNamingFieldAndLimit(
      ContainerRunRequest request, String expected) {
    WorkerException e =
        assertThrows(WorkerException.class, () -> f.runs().run("c", "alice", request));
    assertEquals(ErrorType.BAD_REQUEST, e.type());
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertTrue(e.getMessage().length() < 120, "a short prefix at most: " + e.getMessage());
    assertEquals(List.of(), f.scripts.calls(), "nothing was sent");
    assertEquals(0, f.journal.usage().runs(), "nothing was recorded");
  }

  @Test
  void outputOverTheLimitIsCutAndFlagged() {
    long limit = RunPolicy.DEFAULT_OUTPUT_LIMIT;
    runResult.set(FakeRemoteScripts.exit(0, "o".repeat((int) limit + 1), "short"));
    ContainerRunResponse response = f.runs().run("c", "alice", request("big"));
    assertEquals(limit, response.result().output().stdout().length());
    assertTrue(response.result().output().stdoutTruncated());
    assertEquals("short", response.result().output().stderr());
    assertFalse(response.result().output().stderrTruncated());
    RunEntry kept = f.journal.findRun("alice", "big").orElseThrow();
    assertTrue(kept.output().stdoutTruncated());
    assertEquals(limit, kept.output().stdout().length());
  }

  @Test
  void statusListsLiveRunsTheRunnerShowsForThisOwnerFromAnotherReplica() {
    f.runs().run("c-1", "alice", request("mine"));
    psOutput.set(
        "theirs\t"
            + RunLabels.ownerDigest("alice")
            + "\t2026-01-01T00:00:00Z\talpine\t"
            + PodmanScript.containerName("alice", "theirs")
            + "\n");

    List<ContainerItem> items = f.runs().status("c-s", "alice").items();

    assertEquals(List.of("mine", "theirs"), items.stream().map(ContainerItem::id).toList());
    assertEquals(RunState.RUNNING, items.get(1).state());
    FakeRemoteScripts.Call ps =
        f.scripts.calls().stream()
            .filter(c -> c.correlationId().equals("c-s.ssh.ps"))
            .findFirst()
            .orElseThrow();
    assertTrue(ps.request().script().contains(RunLabels.ownerDigest("alice")));
    assertTrue(ps.request().script().contains("io.busdk.group=group-1"));
  }

  @Test
  void aDeleteRemovesAnotherReplicasLiveRunByNameAndUnknownRunsAreNotFound() {
    f.runs().run("c-1", "alice", request("warm-up"));
    rmOutput.set("removed\n");
    ContainerDeleteResponse deleted = f.runs().delete("d-1", "alice", "theirs");
    assertEquals(new ContainerDeleteResponse(true, "theirs", "alice"), deleted);
    FakeRemoteScripts.Call rm =
        f.scripts.calls().stream()
            .filter(c -> c.correlationId().equals("d-1.ssh.rm"))
            .findFirst()
            .orElseThrow();
    assertTrue(rm.request().script().contains(PodmanScript.containerName("alice", "theirs")));

    rmOutput.set("absent\n");
    WorkerException unknown =
        assertThrows(WorkerException.class, () -> f.runs().delete("d-2", "alice", "nobody"));
    assertEquals(ErrorType.NOT_FOUND, unknown.type());
  }

  @Test
  void aRestartStopsLeftContainersMarksTheirRunsFailedAndAnswersEachOnce() {
    f.runs().run("c-0", "alice", request("warm-up"));
    f.journal.insertRun(leftRunning("alice", "r-live", "worker-1"));
    f.journal.insertRun(leftRunning("bob", "r-gone", "worker-1"));
    f.journal.insertRun(leftRunning("bob", "r-other", "worker-2"));
    psOutput.set(
        "r-live\tx\t2026\talpine\t"
            + PodmanScript.containerName("alice", "r-live")
            + "\norphan\ty\t2026\talpine\tbus-orphan-1\n");
    rmOutput.set("removed\n");

    f.runs().afterRestart();
    f.runs().afterRestart();

    List<String> removed =
        f.scripts.calls().stream()
            .filter(c -> c.correlationId().endsWith(".ssh.rm"))
            .map(c -> c.request().script())
            .toList();
    assertEquals(2, removed.size(), "the run's container and the orphan, once");
    assertTrue(removed.get(0).contains(PodmanScript.containerName("alice", "r-live")));
    assertTrue(removed.get(1).contains("bus-orphan-1"));
    String ps =
        f.scripts.calls().stream()
            .filter(c -> c.correlationId().endsWith(".ssh.ps"))
            .findFirst()
            .orElseThrow()
            .request()
            .script();
    assertTrue(ps.contains("io.busdk.worker=worker-1"), ps);

    RunEntry live = f.journal.findRun("alice", "r-live").orElseThrow();
    assertEquals(RunState.FAILED, live.state());
    assertTrue(
        live.outcome().message().endsWith("its container was stopped"), live.outcome().message());
    assertTrue(
        f.journal
            .findRun("bob", "r-gone")
            .orElseThrow()
            .outcome()
            .message()
            .endsWith("no longer running"));
    assertEquals(RunState.RUNNING, f.journal.findRun("bob", "r-other").orElseThrow().state());

    ErrorReply answer =
        assertInstanceOf(
            ErrorReply.class,
            f.runs()
                .interruptedAnswer(
                    new RunJournal.RequestKey(BusEventName.CONTAINERS_RUN.request(), "corr-live")));
    assertEquals("provider_error", answer.error().type());
    assertTrue(answer.error().message().startsWith("run r-live interrupted: the worker restarted"));
  }
}
