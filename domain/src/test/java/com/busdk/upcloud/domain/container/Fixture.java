package com.busdk.upcloud.domain.container;

import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.TemplateInfo;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import com.busdk.upcloud.testkit.ssh.FakeReachability;
import com.busdk.upcloud.testkit.ssh.FakeRemoteScripts;
import com.busdk.upcloud.testkit.upcloud.InMemoryCloudServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One container-mode world: an in-memory cloud, probes, an ssh-runner fake and stepping time. */
final class Fixture {
  static final String RUNNER = "ai-platform-container-runner";
  static final String NETWORK = "ai-platform-private-fi-hel2";
  static final String PRIVATE_IP = "10.1.2.3";
  static final String KEY = "ssh-ed25519 AAAAC3NzaTest bus@test";
  static final String CODEX_IMAGE = "docker.io/library/alpine:3.20";

  final InMemoryCloudServers cloud = new InMemoryCloudServers();
  final FakeReachability reachability = new FakeReachability();
  final FakeRemoteScripts scripts = new FakeRemoteScripts();
  final SteppingTime time = new SteppingTime();
  final InMemoryRunJournal journal = new InMemoryRunJournal(time);
  final NetworkInfo network;
  final TemplateInfo template;

  Provisioning provisioning = Provisioning.CREATE;
  ServerSpec.NetworkMode networkMode = ServerSpec.NetworkMode.PRIVATE;
  boolean applyNetplan;
  String sshTarget;
  SshKeySource keys = () -> List.of(KEY);
  DeletePolicy deletePolicy = DeletePolicy.defaults();
  Duration runTimeout = Duration.ofMinutes(30);

  private RunnerLifecycle lifecycle;
  private ContainerRuns runs;

  Fixture() {
    network = cloud.addPrivateNetwork(NETWORK, InMemoryCloudServers.DEFAULT_ZONE);
    template = cloud.addTemplate(InMemoryCloudServers.DEFAULT_TEMPLATE_TITLE, "cloud-init");
  }

  RunnerSettings runnerSettings() {
    return RunnerSettings.builder(RUNNER, provisioning)
        .zone(InMemoryCloudServers.DEFAULT_ZONE)
        .plan("CLOUDNATIVE-1xCPU-4GB")
        .osTemplate(InMemoryCloudServers.DEFAULT_TEMPLATE_TITLE)
        .networkMode(networkMode)
        .privateNetwork(NETWORK)
        .privateIp(PRIVATE_IP)
        .sshKeys(keys)
        .applyNetplan(applyNetplan)
        .dnsServers(List.of("1.1.1.1", "8.8.8.8"))
        .build();
  }

  ContainerSettings containerSettings() {
    return ContainerSettings.builder("upcloud", CODEX_IMAGE)
        .runTimeout(runTimeout)
        .sshTarget(sshTarget == null ? null : SshTarget.parse(sshTarget))
        .build();
  }

  RunnerLifecycle lifecycle() {
    if (lifecycle == null) {
      lifecycle =
          new RunnerLifecycle(
              cloud,
              reachability,
              scripts,
              time,
              runnerSettings(),
              containerSettings(),
              deletePolicy);
    }
    return lifecycle;
  }

  ContainerRuns runs() {
    if (runs == null) {
      ContainerSettings settings = containerSettings();
      runs =
          new ContainerRuns(
              lifecycle(),
              scripts,
              journal,
              settings,
              RunPolicy.defaults("group-1", "worker-1"),
              time);
    }
    return runs;
  }

  /** The runner the worker created goes from maintenance to started after {@code n} polls. */
  void createdRunnerStartsAfter(int n) {
    time.afterSleeps(n, () -> cloud.setState(onlyServer().uuid(), "started"));
  }

  ServerDetails onlyServer() {
    List<ServerDetails> servers = cloud.servers();
    if (servers.size() != 1) {
      throw new AssertionError("expected one server, found " + servers.size());
    }
    return servers.get(0);
  }

  static Map<String, String> ourLabels() {
    return Map.of(
        RunnerLifecycle.LABEL_MANAGED_BY,
        RunnerLifecycle.MANAGED_BY_VALUE,
        RunnerLifecycle.LABEL_RUNNER,
        RUNNER);
  }
}
