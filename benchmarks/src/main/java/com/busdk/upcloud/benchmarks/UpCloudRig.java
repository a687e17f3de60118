package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.testkit.ssh.FakeSshRunner;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The world a worker with the {@code upcloud} provider needs, all on loopback in this process: the
 * UpCloud simulator (whose counters are the call-economy figures), the embedded Events API, the
 * fake ssh-runner on that API, and a listener on port 22 for the readiness probe.
 */
final class UpCloudRig implements AutoCloseable {
  static final String VM_NAME = "bench-vm";
  static final String RUNNER_NAME = "bench-runner";

  final UpCloudSimulator sim;
  final EmbeddedEventsServer events;
  final BusClient client;
  final FakeSshRunner sshRunner;
  private final HttpEventBus sshRunnerBus;
  private final Optional<SshPortStandIn> sshPort;
  private final Path keyFile;
  private final Layout layout;

  UpCloudRig(Layout layout) throws IOException, InterruptedException {
    this.layout = layout;
    this.sshPort = SshPortStandIn.open();
    this.sim = UpCloudSimulator.start();
    this.events = new EmbeddedEventsServer(0).start();
    this.client = new BusClient(events, "bench-requester", "r");
    String runnerToken = BusClient.workerToken(events, "bench-ssh-runner");
    this.sshRunnerBus =
        HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), runnerToken));
    this.sshRunner = new FakeSshRunner(sshRunnerBus).start();
    this.keyFile = layout.logs().resolve("bench_ed25519.pub");
    Files.writeString(
        keyFile,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheUpCloudSimulatorOnly00000000 bench\n");
    for (BusEventName family : BusEventName.values()) {
      if (family != BusEventName.SSH_SCRIPT_RUN) {
        client.listen(family.response());
      }
    }
  }

  /** Seeds the runner as a worker that created it earlier would have left it. */
  String seedRunner() {
    return sim.seedServer(
        RUNNER_NAME,
        RUNNER_NAME,
        "started",
        Map.of("managed-by", "bus-integration-upcloud", "bus-runner", RUNNER_NAME),
        null);
  }

  /**
   * A worker process on this rig, ready once it opened {@code streams} streams; {@code extra} flags
   * are appended to the common ones.
   */
  Child startWorker(String label, int streams, String... extra) throws InterruptedException {
    int before = events.openStreams();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--events-url",
            events.collectionUrl().toString(),
            "--events-group",
            "bench",
            "--events-consumer",
            label,
            "--provider",
            "upcloud",
            "--upcloud-api-url",
            sim.baseUrl(),
            "--container-runner-name",
            RUNNER_NAME,
            "--container-network-mode",
            "public",
            "--container-ssh-keys",
            keyFile.toString(),
            "--container-ssh-target",
            "root@127.0.0.1"));
    args.addAll(List.of(extra));
    Child child =
        Child.start(
            layout,
            label,
            layout.worker(args.toArray(String[]::new)),
            Map.of(
                "BUS_API_TOKEN",
                BusClient.workerToken(events, "bench-worker"),
                "UPCLOUD_TOKEN",
                sim.token()));
    try {
      BusClient.awaitStreams(events, before + streams, child);
    } catch (RuntimeException | InterruptedException e) {
      child.close();
      throw e;
    }
    return child;
  }

  @Override
  public void close() throws IOException {
    client.close();
    sshRunner.close();
    sshRunnerBus.close();
    events.close();
    sim.close();
    if (sshPort.isPresent()) {
      sshPort.get().close();
    }
  }
}
