package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.ContainerRunResponse;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs that arrive while the runner boots wait for one shared ensure, and the ensure waits for the
 * runner's state and SSH port as timer entries: no thread is held while the runner comes up.
 */
class RunnerWaitsHoldNoThreadTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration SIGNAL = Duration.ofSeconds(30);

  private final Fixture f = new Fixture();
  private final FakeTime time = FakeTime.manual();
  private final AtomicInteger threadsMade = new AtomicInteger();
  private final ExecutorService threads =
      Executors.newFixedThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "test-continuation-" + threadsMade.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
  private final RunnerLifecycle lifecycle =
      new RunnerLifecycle(
          f.cloud,
          f.reachability,
          f.scripts,
          time,
          f.runnerSettings(),
          f.containerSettings(),
          f.deletePolicy);
  private final ContainerRuns runs =
      new ContainerRuns(
          lifecycle,
          f.scripts,
          new InMemoryRunJournal(time),
          f.containerSettings(),
          RunPolicy.defaults("group-1", "worker-1"),
          time);

  @AfterEach
  void closeThreads() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void runsArrivingWhileTheRunnerBootsShareOneWaitAndHoldNoThread() throws Exception {
    int requests = 100;
    f.reachability.unreachableFor(Fixture.PRIVATE_IP, 3);
    List<CompletableFuture<ContainerRunResponse>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      answers.add(
          runs.runAsync(
              "corr-" + i,
              "alice",
              ContainerRunRequest.ofProfile("codex", List.of("echo", "hi")).withRunId("run_" + i),
              threads));
    }
    assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "all wait for the runner");
    assertEquals(1, time.waiting(), "one ensure polls the booting runner; the runs join it");
    assertEquals(0, threadsMade.get(), "nobody took a thread to wait");

    time.advance(INTERVAL);
    assertTrue(time.awaitWaiting(1, SIGNAL), "still in maintenance: polled again later");
    f.cloud.setState(f.onlyServer().uuid(), "started");
    for (int round = 1; round <= 4; round++) {
      assertTrue(time.awaitWaiting(1, SIGNAL), "round " + round + " waits as a timer entry");
      assertTrue(answers.stream().noneMatch(CompletableFuture::isDone));
      time.advance(INTERVAL);
    }

    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    for (CompletableFuture<ContainerRunResponse> answer : answers) {
      assertEquals(0, answer.get().result().exitCode());
    }
    assertEquals(1, f.cloud.calls("create"));
    assertEquals(4, f.reachability.probeCount(Fixture.PRIVATE_IP));
    assertEquals(1, bootstraps(), "one bootstrap for the whole burst");
    assertEquals(List.of(INTERVAL, INTERVAL, INTERVAL, INTERVAL, INTERVAL), time.sleeps());
    assertEquals(0, time.waiting());
    assertTrue(threadsMade.get() <= 2);
  }

  @Test
  void aRunnerThatNeverStartsFailsEveryWaitingRunAtTheStartTimeout() throws Exception {
    ContainerRunRequest request = ContainerRunRequest.ofProfile("codex", List.of("id"));
    CompletableFuture<ContainerRunResponse> first = runs.runAsync("c-1", "alice", request, threads);
    CompletableFuture<ContainerRunResponse> second = runs.runAsync("c-2", "bob", request, threads);
    assertTrue(time.awaitWaiting(1, SIGNAL));
    assertEquals(1, time.waiting());

    time.advance(f.runnerSettings().startTimeout());

    for (CompletableFuture<ContainerRunResponse> run : List.of(first, second)) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS));
      WorkerException cause = assertInstanceOf(WorkerException.class, e.getCause());
      assertEquals("timeout", cause.type().wire());
      assertTrue(cause.getMessage().startsWith("runner start timed out"), cause.getMessage());
    }
    assertEquals(0, time.waiting());
    assertEquals(0, f.cloud.calls("start"), "a runner in maintenance is never asked to start");
  }

  private long bootstraps() {
    return f.scripts.calls().stream()
        .filter(c -> c.correlationId().endsWith(".ssh.bootstrap"))
        .count();
  }
}
