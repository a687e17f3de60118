package com.busdk.upcloud.app.e2e;

import com.busdk.upcloud.events.EventsRemoteScripts;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.testkit.ssh.FakeReachability;
import com.busdk.upcloud.testkit.ssh.FakeSshRunner;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What container mode needs around a {@link Deployment}: the runner's private network in the
 * UpCloud simulator, an SSH key file, one fake ssh-runner shared by every worker (the runner), fake
 * SSH readiness, and the flags of a quickly polling worker.
 */
final class RunnerRig implements AutoCloseable {
  static final String RUNNER = "ai-platform-container-runner";

  final FakeSshRunner sshRunner;
  final FakeReachability reachability = new FakeReachability();
  private final Path keyDir;
  private final Path keyFile;

  RunnerRig(Deployment d) {
    d.upcloud.seedPrivateNetwork("ai-platform-private-fi-hel2", "fi-hel2", "10.20.0.0/24");
    try {
      keyDir = Files.createTempDirectory("bus-keys-");
      keyFile = keyDir.resolve("bus_runner.pub");
      Files.writeString(
          keyFile,
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDtest bus@runner\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int streams = d.events.openStreams();
    sshRunner = new FakeSshRunner(d.bus("bus-integration-ssh-runner")).start();
    awaitStreams(d, streams + 1);
  }

  /**
   * Waits until the fake ssh-runner's stream is open, so that the tests that count the Events API's
   * open streams start from a settled count.
   */
  private static void awaitStreams(Deployment d, int count) {
    try {
      if (!d.events.awaitOpenStreams(open -> open >= count, Duration.ofSeconds(10))) {
        throw new IllegalStateException("the fake ssh-runner's stream did not open");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The flags of a container worker on the simulator, plus {@code extra}. */
  List<String> flags(String... extra) {
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
    return flags;
  }

  /** Fake readiness, and a short reply margin so a silent ssh-runner fails fast. */
  Module overrides() {
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

  /** How many container run scripts reached the runner so far. */
  long runScripts() {
    return sshRunner.requests().stream()
        .filter(r -> r.request().script().contains("'podman' 'run'"))
        .count();
  }

  /** Waits until exactly {@code count} containers are live on the runner; false on timeout. */
  boolean awaitLive(int count, Duration timeout) throws InterruptedException {
    return sshRunner.awaitLiveContainers(live -> live.size() == count, timeout);
  }

  Set<String> liveContainers() {
    return sshRunner.liveContainers();
  }

  @Override
  public void close() throws IOException {
    sshRunner.close();
    StateDirs.delete(keyDir);
  }
}
