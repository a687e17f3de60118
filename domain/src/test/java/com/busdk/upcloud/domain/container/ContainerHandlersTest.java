package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.RequestContext;
import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.ContainerDeleteRequest;
import com.busdk.upcloud.ports.ContainerDeleteResponse;
import com.busdk.upcloud.ports.ContainerItem;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.ContainerStatusResponse;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.StubBusEvent;
import com.busdk.upcloud.testkit.ssh.FakeRemoteScripts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ContainerHandlersTest {
  private static final List<String> SMOKE = List.of("sh", "-c", "printf BUS_CONTAINER_OK");

  private final Fixture f = new Fixture();
  private final Map<BusEventName, RequestHandler> handlers =
      new ContainerHandlers(f.runs()).handlers();

  ContainerHandlersTest() {
    f.scripts.otherwise(
        (correlationId, request) ->
            correlationId.endsWith(".ssh.run")
                ? FakeRemoteScripts.success("BUS_CONTAINER_OK")
                : FakeRemoteScripts.success(""));
  }

  private Object call(BusEventName name, String identity, Object payload, String correlationId) {
    StubBusEvent event =
        StubBusEvent.named(name.request())
            .identity(identity)
            .payload(payload)
            .correlationId(correlationId)
            .build();
    return handlers.get(name).handle(new RequestContext(event, correlationId));
  }

  private ContainerRunResponse run(String identity, ContainerRunRequest request) {
    return (ContainerRunResponse) call(BusEventName.CONTAINERS_RUN, identity, request, "corr-run");
  }

  private ContainerStatusResponse status(String identity) {
    return (ContainerStatusResponse)
        call(BusEventName.CONTAINERS_STATUS, identity, null, "corr-status");
  }

  private Object delete(String identity, String runId) {
    return call(
        BusEventName.CONTAINERS_DELETE, identity, new ContainerDeleteRequest(runId), "corr-del");
  }

  private static ContainerRunRequest codex(List<String> command) {
    return ContainerRunRequest.ofProfile("codex", command);
  }

  private ScriptRequest runScriptRequest() {
    return f.scripts.calls().stream()
        .filter(c -> c.correlationId().endsWith(".ssh.run"))
        .reduce((a, b) -> b)
        .orElseThrow()
        .request();
  }

  @Test
  void theSmokeTestRunsFromNoRunnerToACompletedRun() {
    f.createdRunnerStartsAfter(2);
    f.reachability.unreachableFor(Fixture.PRIVATE_IP, 2);

    ContainerRunResponse response = run("alice", codex(SMOKE));

    assertTrue(response.runId().startsWith("run_"), response.runId());
    assertEquals("alice", response.ownerIdentityId());
    assertEquals(Fixture.RUNNER, response.runnerName());
    assertEquals(Fixture.CODEX_IMAGE, response.image());
    assertEquals(SMOKE, response.args());
    assertEquals(0, response.result().exitCode());
    assertEquals("BUS_CONTAINER_OK", response.result().output().stdout());
    assertEquals("ready", response.runtime().state());
    assertEquals("upcloud", response.runtime().provider());
    assertEquals(
        List.of("corr-run.ssh.bootstrap", "corr-run.ssh.run"),
        f.scripts.calls().stream().map(FakeRemoteScripts.Call::correlationId).toList());
    ScriptRequest request = runScriptRequest();
    assertEquals(List.of(new ScriptRequest.Target(Fixture.PRIVATE_IP, 22)), request.targets());
    assertEquals("alice", request.identityId());
    assertTrue(request.script().contains("'1800' 'podman' 'run' '--rm'"), request.script());
    assertTrue(
        request
            .script()
            .contains("'docker.io/library/alpine:3.20' 'sh' '-c' 'printf BUS_CONTAINER_OK'"));
    assertEquals(1800 + ContainerRuns.SSH_MARGIN_SECONDS, request.timeoutSeconds());

    List<ContainerItem> items = status("alice").items();
    assertEquals(1, items.size());
    assertEquals(response.runId(), items.get(0).id());
    assertEquals(RunState.COMPLETED, items.get(0).state());
    assertEquals("alice", items.get(0).ownerIdentityId());
    assertEquals(0, items.get(0).details().exitCode());
    assertEquals(Fixture.CODEX_IMAGE, items.get(0).details().image());
  }

  @Test
  void aSecondRunCostsOneStateReadAndNoBootstrap() {
    f.createdRunnerStartsAfter(1);
    run("alice", codex(SMOKE));
    int gets = f.cloud.calls("get");
    int lists = f.cloud.calls("listByLabels");

    run("alice", codex(SMOKE));

    assertEquals(gets + 1, f.cloud.calls("get"));
    assertEquals(lists, f.cloud.calls("listByLabels"));
    assertEquals(
        1, f.scripts.calls().stream().filter(c -> c.correlationId().endsWith("bootstrap")).count());
  }

  @Test
  void anotherIdentityCanNeitherSeeNorDeleteARun() {
    f.createdRunnerStartsAfter(1);
    String runId = run("alice", codex(SMOKE)).runId();

    assertEquals(List.of(), status("mallory").items());
    WorkerException foreign = assertThrows(WorkerException.class, () -> delete("mallory", runId));
    WorkerException unknown =
        assertThrows(WorkerException.class, () -> delete("mallory", "run_nope"));
    assertEquals(ErrorType.NOT_FOUND, foreign.type());
    assertEquals("run not found: \"" + runId.substring(0, 16) + "\"…", foreign.getMessage());
    assertEquals("run not found: \"run_nope\"", unknown.getMessage());
    assertEquals(RunState.COMPLETED, status("alice").items().get(0).state());

    ContainerDeleteResponse deleted = (ContainerDeleteResponse) delete("alice", runId);
    assertEquals(new ContainerDeleteResponse(true, runId, "alice"), deleted);
    assertEquals(RunState.DELETED, status("alice").items().get(0).state());
  }

  @Test
  void deletingAnInFlightRunKillsItsContainer() throws Exception {
    f.createdRunnerStartsAfter(1);
    run("alice", codex(SMOKE));
    CountDownLatch release = new CountDownLatch(1);
    f.scripts.thenAwait(release, FakeRemoteScripts.exit(137, "", "killed"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ContainerRunResponse> running =
          pool.submit(
              () ->
                  run(
                      "alice",
                      ContainerRunRequest.ofImage("alpine", List.of("sleep", "600"))
                          .withRunId("run_long")));
      assertTrue(f.scripts.awaitCalls(3, Duration.ofSeconds(5)));
      assertEquals(RunState.RUNNING, status("alice").items().get(1).state());

      delete("alice", "run_long");

      FakeRemoteScripts.Call kill =
          f.scripts.calls().stream()
              .filter(c -> c.correlationId().equals("corr-del.ssh.rm"))
              .findFirst()
              .orElseThrow();
      assertEquals(
          PodmanScript.removeScript(PodmanScript.containerName("alice", "run_long")),
          kill.request().script());
      release.countDown();
      assertEquals(137, running.get(5, TimeUnit.SECONDS).result().exitCode());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(RunState.DELETED, status("alice").items().get(1).state());
  }

  @Test
  void aRunDeletedWhileTheRunnerIsReadiedNeverStarts() throws Exception {
    f.createdRunnerStartsAfter(1);
    CountDownLatch release = new CountDownLatch(1);
    f.scripts.thenAwait(release, FakeRemoteScripts.success(""));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ContainerRunResponse> running =
          pool.submit(
              () ->
                  run(
                      "alice",
                      ContainerRunRequest.ofProfile("codex", SMOKE).withRunId("run_early")));
      assertTrue(f.scripts.awaitCalls(1, Duration.ofSeconds(5)), "bootstrap in progress");

      delete("alice", "run_early");
      release.countDown();

      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> running.get(5, TimeUnit.SECONDS));
      WorkerException e = (WorkerException) failure.getCause();
      assertEquals(ErrorType.CONFLICT, e.type());
      assertEquals("run deleted before it started: \"run_early\"", e.getMessage());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        0,
        f.scripts.calls().stream().filter(c -> c.correlationId().endsWith(".ssh.run")).count(),
        "no run script was sent");
    assertEquals(RunState.DELETED, status("alice").items().get(0).state());
  }

  @Test
  void theRequestTimeoutOnlyShortensTheConfiguredOne() {
    f.createdRunnerStartsAfter(1);
    run("alice", ContainerRunRequest.ofProfile("codex", SMOKE).withTimeoutSeconds(60L));
    assertTrue(runScriptRequest().script().contains("{ { 'timeout' '-k' '10' '60' "));
    assertEquals(60 + ContainerRuns.SSH_MARGIN_SECONDS, runScriptRequest().timeoutSeconds());

    run("alice", ContainerRunRequest.ofProfile("codex", SMOKE).withTimeoutSeconds(86_400L));
    assertTrue(runScriptRequest().script().contains("{ { 'timeout' '-k' '10' '1800' "));

    run("alice", ContainerRunRequest.ofProfile("codex", SMOKE).withTimeoutSeconds(0L));
    assertTrue(runScriptRequest().script().contains("{ { 'timeout' '-k' '10' '1800' "));
  }

  @Test
  void envWorkdirAndArgsReachThePodmanCommand() {
    f.createdRunnerStartsAfter(1);
    ContainerRunResponse response =
        run(
            "alice",
            new ContainerRunRequest(
                null,
                "alpine:3.20",
                new ContainerRunRequest.Exec(
                    null, List.of("env"), Map.of("TASK", "it's $(x)"), "/src/task"),
                null,
                null,
                "run_env"));

    assertEquals("run_env", response.runId());
    assertEquals(List.of("env"), response.args());
    String script = runScriptRequest().script();
    assertTrue(script.contains("'--tmpfs' '/src/task:rw,size=1g' '--workdir' '/src/task'"), script);
    assertTrue(script.contains("'-e' 'TASK=it'\\''s $(x)' 'alpine:3.20' 'env'"), script);
  }

  @Test
  void aNonZeroExitIsASuccessfulReply() {
    f.createdRunnerStartsAfter(1);
    f.scripts.thenReturn(FakeRemoteScripts.success(""));
    f.scripts.thenReturn(FakeRemoteScripts.exit(3, "partial", "boom"));

    ContainerRunResponse response = run("alice", codex(List.of("false")));

    assertEquals(3, response.result().exitCode());
    assertEquals("partial", response.result().output().stdout());
    assertEquals("boom", response.result().output().stderr());
    assertEquals(RunState.COMPLETED, status("alice").items().get(0).state());
  }

  @Test
  void aRunThatHitsItsTimeoutIsRecordedAsTimeout() {
    f.createdRunnerStartsAfter(1);
    f.scripts.thenReturn(FakeRemoteScripts.success(""));
    f.scripts.thenReturn(FakeRemoteScripts.exit(124, "", ""));

    ContainerRunResponse response = run("alice", codex(List.of("sleep", "9999")));

    assertEquals(124, response.result().exitCode());
    assertEquals(RunState.TIMEOUT, status("alice").items().get(0).state());
  }

  @Test
  void aSilentSshRunnerIsATimeoutReply() {
    f.createdRunnerStartsAfter(1);
    f.scripts.thenReturn(FakeRemoteScripts.success(""));
    f.scripts.thenTimeout();

    WorkerException e = assertThrows(WorkerException.class, () -> run("alice", codex(SMOKE)));

    assertEquals(ErrorType.TIMEOUT, e.type());
    assertEquals("ssh-runner did not answer within 30m30s", e.getMessage());
    assertEquals(RunState.FAILED, status("alice").items().get(0).state());
  }

  @Test
  void anSshRunnerThatCannotRunTheScriptIsAProviderError() {
    f.createdRunnerStartsAfter(1);
    f.scripts.thenReturn(FakeRemoteScripts.success(""));
    f.scripts.thenReturn(FakeRemoteScripts.notRun("provider_error", "authentication refused"));

    WorkerException e = assertThrows(WorkerException.class, () -> run("alice", codex(SMOKE)));

    assertEquals(ErrorType.PROVIDER_ERROR, e.type());
    assertEquals("ssh-runner could not run the script: authentication refused", e.getMessage());
  }

  @Test
  void aRunnerFailureNamesTheStepAndFailsTheRun() {
    f.cloud.failNext(
        "create", new CloudException(CloudException.Kind.FORBIDDEN, "", "not allowed"));

    WorkerException e = assertThrows(WorkerException.class, () -> run("alice", codex(SMOKE)));

    assertEquals(ErrorType.FORBIDDEN, e.type());
    assertEquals("runner create failed: not allowed", e.getMessage());
    assertEquals(RunState.FAILED, status("alice").items().get(0).state());
    assertTrue(f.cloud.servers().isEmpty());
  }

  @Test
  void badPayloadsAreRejectedBeforeAnythingRuns() {
    assertEquals(
        "unknown profile: \"gpu\"",
        assertThrows(
                WorkerException.class,
                () -> run("alice", ContainerRunRequest.ofProfile("gpu", SMOKE)))
            .getMessage());
    assertEquals(
        "identity_id is required",
        assertThrows(WorkerException.class, () -> run(null, codex(SMOKE))).getMessage());
    WorkerException option =
        assertThrows(
            WorkerException.class,
            () -> run("alice", ContainerRunRequest.ofImage("--privileged", SMOKE)));
    assertEquals(ErrorType.BAD_REQUEST, option.type());
    WorkerException workdir =
        assertThrows(
            WorkerException.class,
            () ->
                run(
                    "alice",
                    new ContainerRunRequest(
                        "codex",
                        null,
                        new ContainerRunRequest.Exec(SMOKE, null, null, "/w,exec,size=99g"),
                        null,
                        null,
                        null)));
    assertTrue(workdir.getMessage().startsWith("invalid workdir"));
    assertThrows(
        WorkerException.class,
        () ->
            run(
                "alice",
                new ContainerRunRequest(
                    "codex",
                    null,
                    new ContainerRunRequest.Exec(SMOKE, null, null, "/../etc"),
                    null,
                    null,
                    null)));
    assertThrows(WorkerException.class, () -> run("alice", codex(List.of("sh", "-c", "a\0b"))));
    assertEquals(
        ErrorType.BAD_REQUEST,
        assertThrows(
                WorkerException.class,
                () -> call(BusEventName.CONTAINERS_DELETE, "alice", null, "corr-del"))
            .type(),
        "a delete without run_id");

    assertEquals(List.of(), status("alice").items());
    assertEquals(0, f.cloud.calls("create"));
    assertTrue(f.scripts.calls().isEmpty());
  }

  @Test
  void anUnknownProfileWithAnImageRunsTheImage() {
    f.createdRunnerStartsAfter(1);

    ContainerRunResponse response =
        run(
            "alice",
            new ContainerRunRequest(
                "gpu",
                "alpine",
                new ContainerRunRequest.Exec(SMOKE, null, null, null),
                null,
                null,
                null));

    assertEquals("alpine", response.image());
  }

  @Test
  void aRunIdInUseIsAConflict() {
    f.createdRunnerStartsAfter(1);
    ContainerRunRequest request =
        ContainerRunRequest.ofProfile("codex", SMOKE).withRunId("run_same");
    run("alice", request);

    WorkerException e = assertThrows(WorkerException.class, () -> run("alice", request));

    assertEquals(ErrorType.CONFLICT, e.type());
  }

  @Test
  void statusNeedsAnIdentity() {
    assertEquals(
        ErrorType.BAD_REQUEST, assertThrows(WorkerException.class, () -> status(null)).type());
  }

  @Test
  void handlersCoverTheThreePublicRequests() {
    assertEquals(
        java.util.Set.of(
            BusEventName.CONTAINERS_STATUS,
            BusEventName.CONTAINERS_RUN,
            BusEventName.CONTAINERS_DELETE),
        handlers.keySet());
  }
}
