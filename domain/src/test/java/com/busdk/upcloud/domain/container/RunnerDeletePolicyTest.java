package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.WorkerException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunnerDeletePolicyTest {

  @Test
  void aStartedRunnerIsStoppedThenDeletedWithItsStorage() {
    Fixture f = new Fixture();
    ServerDetails runner = f.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());

    assertTrue(f.lifecycle().delete());

    assertTrue(f.cloud.servers().isEmpty());
    assertTrue(f.cloud.storages().isEmpty());
    assertEquals(1, f.cloud.calls("stop"));
    assertTrue(f.cloud.storages().stream().noneMatch(runner.storageUuids()::contains));
  }

  @Test
  void maintenanceIsPolledThroughAtThePollInterval() {
    Fixture f = new Fixture();
    ServerDetails runner = f.cloud.addServer(Fixture.RUNNER, "maintenance", Fixture.ourLabels());
    f.time.afterSleeps(3, () -> f.cloud.setState(runner.uuid(), "stopped"));

    assertTrue(f.lifecycle().delete());

    assertTrue(f.cloud.servers().isEmpty());
    assertEquals(0, f.cloud.calls("stop"));
    assertEquals(
        List.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)),
        f.time.sleeps());
  }

  @Test
  void aRunnerStuckInATransientStateTimesOut() {
    Fixture f = new Fixture();
    f.cloud.addServer(Fixture.RUNNER, "maintenance", Fixture.ourLabels());

    WorkerException e = assertThrows(WorkerException.class, () -> f.lifecycle().delete());

    assertEquals(ErrorType.TIMEOUT, e.type());
    assertTrue(e.getMessage().startsWith("runner delete timed out after 10m: runner "));
    assertTrue(e.getMessage().endsWith("still in state 'maintenance'"));
    assertEquals(1, f.cloud.servers().size());
  }

  @Test
  void aStateThatIsNeitherReadyNorTransientFailsNamingIt() {
    Fixture f = new Fixture();
    f.cloud.addServer(Fixture.RUNNER, "error", Fixture.ourLabels());

    WorkerException e = assertThrows(WorkerException.class, () -> f.lifecycle().delete());

    assertEquals(ErrorType.CONFLICT, e.type());
    assertTrue(e.getMessage().contains("is in state 'unavailable' (provider state 'error')"));
    assertEquals(1, f.cloud.servers().size());
    assertEquals(Duration.ofSeconds(5), f.time.sleeps().get(0));
    assertEquals(1, f.time.sleeps().size(), "no waiting for a state that will not change");
  }

  @Test
  void withoutStopFirstAStartedRunnerIsRefused() {
    Fixture f = new Fixture();
    f.deletePolicy =
        new DeletePolicy(
            false,
            EnumSet.of(LifecycleState.STOPPED),
            EnumSet.of(LifecycleState.MAINTENANCE, LifecycleState.PENDING),
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            true);
    f.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());

    WorkerException e = assertThrows(WorkerException.class, () -> f.lifecycle().delete());

    assertTrue(e.getMessage().contains("'ready'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("and stop-first is off"));
    assertEquals(0, f.cloud.calls("stop"));
    assertEquals(0, f.cloud.calls("delete"));
  }

  @Test
  void aMissingRunnerIsAlreadyDeleted() {
    Fixture f = new Fixture();

    assertTrue(f.lifecycle().delete());

    assertEquals(0, f.cloud.calls("delete"));
  }

  @Test
  void leftoverStoragesAreFoundAndDeleted() {
    Fixture f = new Fixture();
    ServerDetails runner = f.cloud.addServer(Fixture.RUNNER, "stopped", Fixture.ourLabels());
    // A provider that deletes the server but leaves its disks behind.
    CloudServers leaky =
        (CloudServers)
            Proxy.newProxyInstance(
                CloudServers.class.getClassLoader(),
                new Class<?>[] {CloudServers.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("delete")) {
                    f.cloud.delete((String) args[0], false);
                    return null;
                  }
                  try {
                    return method.invoke(f.cloud, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    RunnerLifecycle lifecycle =
        new RunnerLifecycle(
            leaky,
            f.reachability,
            f.scripts,
            f.time,
            f.runnerSettings(),
            f.containerSettings(),
            f.deletePolicy);

    assertTrue(lifecycle.delete());

    assertTrue(f.cloud.servers().isEmpty());
    assertTrue(f.cloud.storages().isEmpty());
    assertEquals(runner.storageUuids().size(), f.cloud.calls("deleteStorage"));
  }

  @Test
  void storagesAreKeptWhenThePolicySaysSo() {
    Fixture f = new Fixture();
    f.deletePolicy =
        new DeletePolicy(
            true,
            EnumSet.of(LifecycleState.STOPPED),
            EnumSet.of(LifecycleState.MAINTENANCE, LifecycleState.PENDING),
            Duration.ofMinutes(10),
            Duration.ofSeconds(5),
            false);
    ServerDetails runner = f.cloud.addServer(Fixture.RUNNER, "stopped", Fixture.ourLabels());

    assertTrue(f.lifecycle().delete());

    assertTrue(f.cloud.servers().isEmpty());
    assertEquals(Set.copyOf(runner.storageUuids()), f.cloud.storages());
  }

  @Test
  void duplicatesCarryingOurLabelsAreDeletedTooButNothingElse() {
    Fixture f = new Fixture();
    f.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());
    f.cloud.addServer(Fixture.RUNNER + "-dup", "stopped", Fixture.ourLabels());
    ServerDetails bystander = f.cloud.addServer("unrelated", "started");

    assertTrue(f.lifecycle().delete());

    assertEquals(List.of(bystander), f.cloud.servers());
  }

  @Test
  void aRunnerCreatedAndUsedIsDeletedWithoutLeftovers() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    f.lifecycle().ensureReady("c1", null);

    assertTrue(f.lifecycle().delete());

    assertTrue(f.cloud.servers().isEmpty());
    assertTrue(f.cloud.storages().isEmpty());
    assertEquals("stopped", f.lifecycle().status().state());
    assertEquals(false, f.lifecycle().status().details().exists());
  }

  @Test
  void existingOnlyAndAdoptExistingNeverDelete() {
    for (Provisioning provisioning :
        List.of(Provisioning.EXISTING_ONLY, Provisioning.ADOPT_EXISTING)) {
      Fixture f = new Fixture();
      f.provisioning = provisioning;
      f.cloud.addServer(Fixture.RUNNER, "stopped");

      WorkerException e = assertThrows(WorkerException.class, () -> f.lifecycle().delete());

      assertEquals(ErrorType.CONFLICT, e.type());
      assertEquals(
          "runner delete refused: provisioning "
              + provisioning.wire()
              + " never deletes the runner",
          e.getMessage());
      assertEquals(1, f.cloud.servers().size());
      assertEquals(0, f.cloud.calls("delete"));
    }
  }
}
