package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunRegistryTest {
  private final FakeTime time = new FakeTime();

  private static void register(RunRegistry registry, String id, String owner) {
    registry.register(id, owner, "alpine", "runner", "bus-" + id);
  }

  @Test
  void runsAreVisibleToTheirOwnerOnly() {
    RunRegistry registry = new RunRegistry(10, Duration.ofHours(1), time);
    register(registry, "run_a", "alice");
    register(registry, "run_b", "bob");

    assertEquals(
        List.of("run_a"), registry.listOwned("alice").stream().map(RunRecord::id).toList());
    assertTrue(registry.findOwned("run_a", "bob").isEmpty());
    assertEquals(RunState.RUNNING, registry.findOwned("run_a", "alice").get().state());
  }

  @Test
  void aKnownIdCannotBeRegisteredTwice() {
    RunRegistry registry = new RunRegistry(10, Duration.ofHours(1), time);
    register(registry, "run_a", "alice");

    WorkerException e =
        assertThrows(WorkerException.class, () -> register(registry, "run_a", "bob"));

    assertEquals(ErrorType.CONFLICT, e.type());
    assertEquals("alice", registry.findOwned("run_a", "alice").get().owner());
  }

  @Test
  void theOldestFinishedRunsGoFirstWhenFull() {
    RunRegistry registry = new RunRegistry(3, Duration.ofHours(1), time);
    register(registry, "run_1", "alice");
    register(registry, "run_2", "alice");
    register(registry, "run_3", "alice");
    registry.finish("run_2", RunState.COMPLETED, 0);
    registry.finish("run_3", RunState.COMPLETED, 0);

    register(registry, "run_4", "alice");

    assertEquals(
        List.of("run_1", "run_3", "run_4"),
        registry.listOwned("alice").stream().map(RunRecord::id).toList(),
        "running run_1 stays; finished run_2 was the oldest finished");
  }

  @Test
  void runningRunsAreNeverEvicted() {
    RunRegistry registry = new RunRegistry(2, Duration.ofMinutes(1), time);
    register(registry, "run_1", "alice");
    register(registry, "run_2", "alice");
    register(registry, "run_3", "alice");
    time.advance(Duration.ofHours(2));

    assertEquals(3, registry.size());
  }

  @Test
  void finishedRunsExpireWithAge() {
    RunRegistry registry = new RunRegistry(10, Duration.ofHours(24), time);
    register(registry, "run_old", "alice");
    registry.finish("run_old", RunState.COMPLETED, 0);
    time.advance(Duration.ofHours(23));
    register(registry, "run_new", "alice");
    registry.finish("run_new", RunState.FAILED, null);
    time.advance(Duration.ofHours(2));

    assertEquals(
        List.of("run_new"), registry.listOwned("alice").stream().map(RunRecord::id).toList());
  }

  @Test
  void aDeletedRunStaysDeletedWhenItFinishesLater() {
    RunRegistry registry = new RunRegistry(10, Duration.ofHours(1), time);
    register(registry, "run_a", "alice");
    registry.markDeleted("run_a");

    registry.finish("run_a", RunState.COMPLETED, 137);

    RunRecord record = registry.findOwned("run_a", "alice").get();
    assertEquals(RunState.DELETED, record.state());
    assertEquals(137, record.exitCode());
  }

  @Test
  void concurrentRegistrationsAreAllKept() throws Exception {
    RunRegistry registry = new RunRegistry(10_000, Duration.ofHours(1), time);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String owner = "owner-" + t;
        jobs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    register(registry, owner + "-" + i, owner);
                    registry.finish(owner + "-" + i, RunState.COMPLETED, 0);
                  }
                }));
      }
      for (Future<?> job : jobs) {
        job.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1000, registry.size());
    assertEquals(250, registry.listOwned("owner-2").size());
  }
}
