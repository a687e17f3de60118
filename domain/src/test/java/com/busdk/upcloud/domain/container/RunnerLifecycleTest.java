package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.ssh.FakeRemoteScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunnerLifecycleTest {

  private static CloudException serverError() {
    return new CloudException(CloudException.Kind.PROVIDER, "", "upstream timed out");
  }

  private static CloudException stateIllegal() {
    return new CloudException(CloudException.Kind.BUSY, "SERVER_STATE_ILLEGAL", "server is busy");
  }

  @Test
  void createsStartsProbesAndBootstrapsARunnerThatDoesNotExist() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(2);
    f.reachability.unreachableFor(Fixture.PRIVATE_IP, 3);

    ReadyRunner ready = f.lifecycle().ensureReady("corr-1", "alice");

    ServerDetails runner = f.onlyServer();
    assertEquals("started", runner.providerState());
    assertEquals(Fixture.PRIVATE_IP, ready.host());
    assertEquals(List.of("root", "ubuntu"), ready.users());
    assertEquals("ready", ready.status().state());
    assertEquals(runner.uuid(), ready.status().details().server());

    assertEquals(1, f.cloud.createdSpecs().size());
    ServerSpec spec = f.cloud.createdSpecs().get(0);
    assertEquals(Fixture.RUNNER, spec.title());
    assertEquals(Fixture.RUNNER, spec.hostname());
    assertEquals(Fixture.ourLabels(), spec.labels());
    assertEquals(f.template.uuid(), spec.disk().templateUuid());
    assertTrue(spec.disk().metadata(), "cloud-init templates need the metadata service");
    assertEquals(f.template.sizeGb(), spec.disk().sizeGb(), "0 keeps the template size");
    assertEquals(ServerSpec.NetworkMode.PRIVATE, spec.network().mode());
    assertEquals(f.network.uuid(), spec.network().privateNetworkUuid());
    assertEquals(Fixture.PRIVATE_IP, spec.network().privateIp());
    assertEquals(List.of(Fixture.KEY), spec.login().sshPublicKeys());

    assertEquals(4, f.reachability.probeCount(Fixture.PRIVATE_IP));
    assertTrue(f.reachability.probes().stream().allMatch(p -> p.port() == 22));
    assertEquals(
        List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5)),
        f.time.sleeps(),
        "two state polls and three SSH polls, each at its interval");

    assertEquals(1, f.scripts.calls().size());
    FakeRemoteScripts.Call bootstrap = f.scripts.calls().get(0);
    assertEquals("corr-1.ssh.bootstrap", bootstrap.correlationId());
    ScriptRequest request = bootstrap.request();
    assertEquals(List.of(new ScriptRequest.Target(Fixture.PRIVATE_IP, 22)), request.targets());
    assertEquals(List.of("root", "ubuntu"), request.users());
    assertTrue(request.script().contains("command -v podman"));
    assertNull(request.networkBootstrap());
    assertEquals("alice", request.identityId());
  }

  @Test
  void aReadyRunnerCostsOneStateReadAndNoSecondBootstrap() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    f.lifecycle().ensureReady("corr-1", "alice");
    int gets = f.cloud.calls("get");
    int lists = f.cloud.calls("listByLabels");
    int finds = f.cloud.calls("find");

    ReadyRunner again = f.lifecycle().ensureReady("corr-2", "alice");

    assertEquals(gets + 1, f.cloud.calls("get"));
    assertEquals(lists, f.cloud.calls("listByLabels"));
    assertEquals(finds, f.cloud.calls("find"));
    assertEquals(1, f.cloud.calls("create"));
    assertEquals(1, f.scripts.calls().size(), "bootstrap runs once per boot");
    assertEquals(Fixture.PRIVATE_IP, again.host());
  }

  @Test
  void concurrentEnsuresShareOneInProgressEnsure() throws Exception {
    Fixture reference = new Fixture();
    reference.createdRunnerStartsAfter(1);
    reference.lifecycle().ensureReady("ref", null);
    int getsOfOneEnsure = reference.cloud.calls("get");

    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    CountDownLatch release = new CountDownLatch(1);
    f.scripts.thenAwait(release, FakeRemoteScripts.success(""));
    int callers = 6;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ReadyRunner> leader = pool.submit(() -> f.lifecycle().ensureReady("corr-0", "alice"));
      assertTrue(f.scripts.awaitCalls(1, Duration.ofSeconds(5)), "leader reached bootstrap");
      List<CompletableFuture<ReadyRunner>> followers = new ArrayList<>();
      for (int i = 1; i < callers; i++) {
        followers.add(f.lifecycle().ensureReadyAsync("corr-" + i, "bob", Runnable::run));
      }
      assertTrue(
          followers.stream().noneMatch(CompletableFuture::isDone),
          "followers joined the ensure in progress and hold no thread");
      release.countDown();
      List<String> hosts = new ArrayList<>();
      hosts.add(leader.get(5, TimeUnit.SECONDS).host());
      for (CompletableFuture<ReadyRunner> follower : followers) {
        hosts.add(follower.get(5, TimeUnit.SECONDS).host());
      }
      assertEquals(callers, hosts.size());
      assertEquals(List.of(Fixture.PRIVATE_IP), hosts.stream().distinct().toList());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, f.cloud.calls("create"));
    assertEquals(1, f.scripts.calls().size());
    assertEquals(getsOfOneEnsure, f.cloud.calls("get"), "followers read no state of their own");
  }

  @Test
  void sshThatNeverAnswersTimesOutWithoutASecondRunner() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    f.reachability.neverReachable(Fixture.PRIVATE_IP);

    WorkerException first =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("corr-1", "alice"));
    assertEquals(ErrorType.TIMEOUT, first.type());
    assertEquals(
        "runner SSH readiness timed out after 10m: 10.1.2.3:22 connection refused",
        first.getMessage());
    assertEquals(121, f.reachability.probeCount(Fixture.PRIVATE_IP), "every 5s for 10m");

    assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("corr-2", "alice"));
    assertEquals(1, f.cloud.calls("create"));
    assertEquals(1, f.cloud.servers().size());
    assertTrue(f.scripts.calls().isEmpty(), "nothing is sent to an unreachable runner");
  }

  @Test
  void aCreateThatFailsAfterCreatingIsReconciledByLabel() {
    Fixture f = new Fixture();
    f.cloud.failNextCreateAfterCreating(serverError());
    f.createdRunnerStartsAfter(1);

    ReadyRunner ready = f.lifecycle().ensureReady("corr-1", "alice");

    assertEquals(1, f.cloud.calls("create"));
    assertEquals(f.onlyServer().uuid(), ready.server().uuid());
  }

  @Test
  void aCreateThatFailsWithoutCreatingIsAClearError() {
    Fixture f = new Fixture();
    f.cloud.failNext("create", serverError());

    WorkerException e =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("corr-1", "alice"));

    assertEquals(ErrorType.PROVIDER_ERROR, e.type());
    assertEquals("runner create failed: upstream timed out", e.getMessage());
    assertTrue(f.cloud.servers().isEmpty());
  }

  @Test
  void missingTemplateNetworkOrKeysAreNamed() {
    Fixture noTemplate = new Fixture();
    noTemplate.cloud.failNext("findTemplate", serverError());
    assertEquals(
        "runner create failed: upstream timed out",
        assertThrows(WorkerException.class, () -> noTemplate.lifecycle().ensureReady("c", null))
            .getMessage());

    Fixture noKeys = new Fixture();
    noKeys.keys = List::of;
    assertTrue(
        assertThrows(WorkerException.class, () -> noKeys.lifecycle().ensureReady("c", null))
            .getMessage()
            .startsWith("runner create failed: no SSH public keys"));

    Fixture unreadableKeys = new Fixture();
    unreadableKeys.keys =
        () -> {
          throw new WorkerException(
              ErrorType.PROVIDER_ERROR, "cannot read SSH public key file /x/runner.pub");
        };
    assertEquals(
        "runner create failed: cannot read SSH public key file /x/runner.pub",
        assertThrows(WorkerException.class, () -> unreadableKeys.lifecycle().ensureReady("c", null))
            .getMessage());
    assertTrue(unreadableKeys.cloud.servers().isEmpty());
  }

  @Test
  void missingNetworkAndTemplateByNameAreNamed() {
    Fixture f = new Fixture();
    RunnerSettings base = f.runnerSettings();
    RunnerSettings otherNetwork =
        base.toBuilder()
            .privateNetwork("no-such-network")
            .privateIp(null)
            .applyNetplan(false)
            .dnsServers(List.of())
            .build();
    RunnerLifecycle lifecycle =
        new RunnerLifecycle(
            f.cloud,
            f.reachability,
            f.scripts,
            f.time,
            otherNetwork,
            f.containerSettings(),
            f.deletePolicy);
    assertEquals(
        "runner create failed: private network not found in zone fi-hel2: no-such-network",
        assertThrows(WorkerException.class, () -> lifecycle.ensureReady("c", null)).getMessage());

    RunnerSettings otherTemplate =
        base.toBuilder()
            .osTemplate("Plan 9")
            .privateIp(null)
            .applyNetplan(false)
            .dnsServers(List.of())
            .build();
    RunnerLifecycle lifecycle2 =
        new RunnerLifecycle(
            f.cloud,
            f.reachability,
            f.scripts,
            f.time,
            otherTemplate,
            f.containerSettings(),
            f.deletePolicy);
    assertEquals(
        "runner create failed: OS template not found: Plan 9",
        assertThrows(WorkerException.class, () -> lifecycle2.ensureReady("c", null)).getMessage());
    assertEquals(0, f.cloud.calls("create"));
  }

  @Test
  void duplicateRunnersKeepTheLowestUuid() {
    Fixture f = new Fixture();
    f.sshTarget = "root@runner.internal";
    ServerDetails a = f.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());
    ServerDetails b = f.cloud.addServer(Fixture.RUNNER + "-2", "started", Fixture.ourLabels());
    ServerDetails foreign =
        f.cloud.addServer(
            "other-runner",
            "started",
            Map.of(
                RunnerLifecycle.LABEL_MANAGED_BY,
                RunnerLifecycle.MANAGED_BY_VALUE,
                RunnerLifecycle.LABEL_RUNNER,
                "other-runner"));
    ServerDetails lowest =
        List.of(a, b).stream().min(Comparator.comparing(ServerDetails::uuid)).get();
    ServerDetails highest = lowest == a ? b : a;

    ReadyRunner ready = f.lifecycle().ensureReady("corr-1", null);

    assertEquals(lowest.uuid(), ready.server().uuid());
    List<String> left = f.cloud.servers().stream().map(ServerDetails::uuid).sorted().toList();
    assertEquals(List.of(foreign.uuid(), lowest.uuid()).stream().sorted().toList(), left);
    assertFalse(f.cloud.storages().contains(highest.storageUuids().get(0)));
    assertEquals("runner.internal", ready.host());
    assertEquals(List.of("root"), ready.users());
  }

  @Test
  void aDuplicateStillBeingCreatedIsLeftToItsCreator() {
    Fixture f = new Fixture();
    f.sshTarget = "runner.internal";
    ServerDetails a = f.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());
    ServerDetails b = f.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());
    ServerDetails highest = a.uuid().compareTo(b.uuid()) > 0 ? a : b;
    f.cloud.setState(highest.uuid(), "maintenance");

    ReadyRunner ready = f.lifecycle().ensureReady("c", null);

    assertFalse(ready.server().uuid().equals(highest.uuid()));
    assertEquals(2, f.cloud.servers().size());
    assertEquals(0, f.cloud.calls("delete"));
    assertEquals(0, f.cloud.calls("stop"));
  }

  @Test
  void existingOnlyNeverCreates() {
    Fixture f = new Fixture();
    f.provisioning = Provisioning.EXISTING_ONLY;

    WorkerException e =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("c", null));

    assertEquals(ErrorType.NOT_FOUND, e.type());
    assertEquals(
        "runner not found: ai-platform-container-runner (provisioning existing-only never creates"
            + " it)",
        e.getMessage());
    assertEquals(0, f.cloud.calls("create"));
  }

  @Test
  void adoptExistingStartsAnUnlabeledServerOfThatName() {
    Fixture f = new Fixture();
    f.provisioning = Provisioning.ADOPT_EXISTING;
    f.sshTarget = "runner.internal";
    ServerDetails existing = f.cloud.addServer(Fixture.RUNNER, "stopped");

    ReadyRunner ready = f.lifecycle().ensureReady("c", null);

    assertEquals(existing.uuid(), ready.server().uuid());
    assertEquals(1, f.cloud.calls("start"));
    assertEquals(0, f.cloud.calls("create"));
    assertEquals(List.of("root", "ubuntu"), ready.users());
  }

  @Test
  void startIsRetriedThroughServerStateIllegal() {
    Fixture f = new Fixture();
    f.sshTarget = "runner.internal";
    f.cloud.addServer(Fixture.RUNNER, "stopped", Fixture.ourLabels());
    f.cloud.failNext("start", stateIllegal());
    f.cloud.failNext("start", stateIllegal());

    f.lifecycle().ensureReady("c", null);

    assertEquals(3, f.cloud.calls("start"));
    assertEquals("started", f.onlyServer().providerState());
  }

  @Test
  void aRunnerStuckInMaintenanceIsAStartTimeout() {
    Fixture f = new Fixture();

    WorkerException e =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("c", null));

    assertEquals(ErrorType.TIMEOUT, e.type());
    assertTrue(
        e.getMessage().startsWith("runner start timed out after 10m: runner "), e.getMessage());
    assertTrue(e.getMessage().contains("'maintenance'"), e.getMessage());
  }

  @Test
  void aRunnerInErrorIsAStartFailure() {
    Fixture f = new Fixture();
    f.cloud.addServer(Fixture.RUNNER, "error", Fixture.ourLabels());

    WorkerException e =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("c", null));

    assertTrue(e.getMessage().startsWith("runner start failed:"), e.getMessage());
    assertTrue(e.getMessage().contains("'error'"));
  }

  @Test
  void aRestartedRunnerIsBootstrappedAgain() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    f.lifecycle().ensureReady("c1", null);
    f.cloud.setState(f.onlyServer().uuid(), "stopped");

    f.lifecycle().ensureReady("c2", null);

    assertEquals(2, f.scripts.calls().size());
    assertEquals("c2.ssh.bootstrap", f.scripts.calls().get(1).correlationId());
  }

  @Test
  void aRunnerDeletedBehindOurBackIsLookedUpAndCreatedAgain() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    String first = f.lifecycle().ensureReady("c1", null).server().uuid();
    f.cloud.removeServer(first);
    f.createdRunnerStartsAfter(1);

    String second = f.lifecycle().ensureReady("c2", null).server().uuid();

    assertEquals(2, f.cloud.calls("create"));
    assertFalse(first.equals(second));
    assertEquals(2, f.scripts.calls().size(), "a new runner is bootstrapped");
  }

  @Test
  void aFailedBootstrapIsReportedAndRetriedByTheNextEnsure() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    f.scripts.thenReturn(
        FakeRemoteScripts.exit(100, "", "Reading package lists...\nE: Unable to locate package"));

    WorkerException e =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("c1", null));

    assertEquals(ErrorType.PROVIDER_ERROR, e.type());
    assertEquals(
        "runner bootstrap failed: exit 100: Reading package lists...\nE: Unable to locate package",
        e.getMessage());
    f.lifecycle().ensureReady("c2", null);
    assertEquals(2, f.scripts.calls().size());
  }

  @Test
  void aBootstrapTheSshRunnerCannotRunOrNeverAnswersIsNamed() {
    Fixture f = new Fixture();
    f.createdRunnerStartsAfter(1);
    f.scripts.thenReturn(FakeRemoteScripts.notRun("provider_error", "no host reachable"));
    f.scripts.thenTimeout();

    assertEquals(
        "runner bootstrap failed: ssh-runner could not run the script: no host reachable",
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("c1", null))
            .getMessage());
    WorkerException silent =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("c2", null));
    assertEquals(ErrorType.TIMEOUT, silent.type());
    assertEquals(
        "runner bootstrap failed: ssh-runner did not answer within 10m", silent.getMessage());
  }

  @Test
  void netplanMacMatchSendsThePrivateNicMac() {
    Fixture f = new Fixture();
    f.applyNetplan = true;
    f.createdRunnerStartsAfter(1);

    ReadyRunner ready = f.lifecycle().ensureReady("c", null);

    ScriptRequest.NetworkBootstrap network = f.scripts.calls().get(0).request().networkBootstrap();
    assertNotNull(network);
    assertTrue(network.applyNetplan());
    assertEquals("mac-match", network.netplanMode());
    assertEquals(List.of("1.1.1.1", "8.8.8.8"), network.dnsServers());
    assertEquals(
        ready.server().privateInterface(f.network.uuid()).get().mac(), network.interfaceMac());
  }

  @Test
  void netplanWithoutAMacFailsBeforePublishing() {
    Fixture noMac = new Fixture();
    noMac.applyNetplan = true;
    noMac.sshTarget = "runner.internal";
    noMac.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());
    WorkerException missing =
        assertThrows(WorkerException.class, () -> noMac.lifecycle().ensureReady("c", null));
    assertEquals(
        "runner bootstrap failed: runner netplan mode mac-match requires interface MAC",
        missing.getMessage());

    assertTrue(noMac.scripts.calls().isEmpty());
  }

  @Test
  void publicModeProbesThePublicAddress() {
    Fixture f = new Fixture();
    f.networkMode = ServerSpec.NetworkMode.PUBLIC;
    f.createdRunnerStartsAfter(1);

    ReadyRunner ready = f.lifecycle().ensureReady("c", null);

    assertEquals(ready.server().publicIpv4().get(), ready.host());
    assertEquals(ServerSpec.NetworkMode.PUBLIC, f.cloud.createdSpecs().get(0).network().mode());
  }

  @Test
  void aRunnerWithoutAnAddressIsAClearError() {
    Fixture f = new Fixture();
    f.cloud.addServer(Fixture.RUNNER, "started", Fixture.ourLabels());

    WorkerException e =
        assertThrows(WorkerException.class, () -> f.lifecycle().ensureReady("c", null));

    assertTrue(e.getMessage().endsWith("has no private IPv4 address to reach over SSH"));
  }

  @Test
  void statusOfAMissingRunnerIsStoppedAndAbsent() {
    Fixture f = new Fixture();

    StatusPayload status = f.lifecycle().status();

    assertEquals("stopped", status.state());
    assertEquals("upcloud", status.provider());
    assertEquals(false, status.details().exists());
    assertEquals(0, f.cloud.calls("create"));
  }

  @Test
  void statusOfAnExistingRunnerNamesItsProviderState() {
    Fixture f = new Fixture();
    ServerDetails runner = f.cloud.addServer(Fixture.RUNNER, "maintenance", Fixture.ourLabels());

    StatusPayload status = f.lifecycle().status();

    assertEquals("maintenance", status.state());
    assertEquals("maintenance", status.details().upcloudState());
    assertEquals(runner.uuid(), status.details().server());
    assertEquals(Fixture.RUNNER, status.details().name());
    assertEquals(true, status.details().exists());
  }

  @Test
  void adminStartStartsAndBootstraps() {
    Fixture f = new Fixture();
    f.sshTarget = "runner.internal";
    f.cloud.addServer(Fixture.RUNNER, "stopped", Fixture.ourLabels());

    var response = f.lifecycle().start("admin-1");

    assertTrue(response.accepted());
    assertEquals("start", response.action());
    assertEquals("ready", response.status().state());
    assertEquals("admin-1.ssh.bootstrap", f.scripts.calls().get(0).correlationId());
  }
}
