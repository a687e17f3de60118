package com.busdk.upcloud.testkit.ssh;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for {@code bus-integration-ssh-runner}. It listens to {@code
 * bus.ssh.script.run.request} (broadcast) on any {@link EventBus}, runs each received script with
 * {@code /bin/sh} in a scratch directory on this host, and publishes {@code
 * bus.ssh.script.run.response} under the request's correlation id.
 *
 * <p>The script's {@code PATH} starts with stand-ins: {@code podman run} executes the container's
 * command on the host (so {@code podman run --rm alpine sh -c 'printf OK'} prints {@code OK}),
 * {@code podman rm|kill|stop} end a named run, and {@code sudo} runs its command as is. Targets,
 * users and the network bootstrap are only recorded. A script that outlives its {@code
 * timeout_seconds} is killed and answered with exit code 124.
 *
 * <p>Modes: {@link #normal()}, {@link #delay(Duration)}, {@link #acknowledge(Duration)}, {@link
 * #fail(String)}, {@link #silent()}. A delay is a scheduled task, not a sleeping thread, so ten
 * thousand delayed requests cost the fake a timer entry each.
 */
public final class FakeSshRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FakeSshRunner.class);
  private static final int TIMED_OUT_EXIT_CODE = 124;

  private final EventBus bus;
  private final List<Received> received = new ArrayList<>();
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "fake-ssh-runner-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "fake-ssh-runner-timer");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Behaviour behaviour = new Behaviour(Mode.NORMAL, Duration.ZERO, "");
  private Path root;
  private Path stubs;
  private Path podmanState;
  private Subscription subscription;

  public FakeSshRunner(EventBus bus) {
    this.bus = requireNonNull(bus, "bus is null");
  }

  /** Writes the stand-ins to a fresh temporary directory and subscribes to script requests. */
  public synchronized FakeSshRunner start() {
    if (subscription != null) {
      throw new IllegalStateException("already started");
    }
    try {
      root = Files.createTempDirectory("fake-ssh-runner-");
      stubs = Files.createDirectory(root.resolve("bin"));
      podmanState = Files.createDirectory(root.resolve("podman-state"));
      RunnerFiles.writeStub("podman.sh", stubs.resolve("podman"));
      RunnerFiles.writeStub("sudo.sh", stubs.resolve("sudo"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the fake ssh-runner directory", e);
    }
    subscription =
        bus.subscribe(
            BusEventName.SSH_SCRIPT_RUN.request(),
            Delivery.broadcast(),
            event -> executor.execute(() -> answer(event)));
    return this;
  }

  /** Runs scripts and answers at once (the default). */
  public FakeSshRunner normal() {
    behaviour = new Behaviour(Mode.NORMAL, Duration.ZERO, "");
    return this;
  }

  /**
   * Runs nothing: answers each request after {@code delay} (real time) with exit code 0 and no
   * output, like a runner whose every container succeeds silently. For load tests, where starting a
   * process per script would measure this host rather than the worker.
   */
  public FakeSshRunner acknowledge(Duration delay) {
    requireNonNull(delay, "delay is null");
    behaviour = new Behaviour(Mode.ACKNOWLEDGE, delay, "");
    return this;
  }

  /** Waits {@code delay} (real time) before running each script. */
  public FakeSshRunner delay(Duration delay) {
    requireNonNull(delay, "delay is null");
    behaviour = new Behaviour(Mode.DELAY, delay, "");
    return this;
  }

  /**
   * Runs nothing and answers each request with exit code -1 and an {@code error} of type {@code
   * provider_error} carrying {@code message}, as the ssh-runner does when no target accepts it.
   */
  public FakeSshRunner fail(String message) {
    requireNonNull(message, "message is null");
    behaviour = new Behaviour(Mode.FAIL, Duration.ZERO, message);
    return this;
  }

  /** Records requests and never answers them. */
  public FakeSshRunner silent() {
    behaviour = new Behaviour(Mode.SILENT, Duration.ZERO, "");
    return this;
  }

  /** Every well-formed request received so far, in order of arrival. */
  public synchronized List<Received> requests() {
    return List.copyOf(received);
  }

  /** Waits until at least {@code count} requests arrived; false when {@code timeout} passed. */
  public synchronized boolean awaitRequests(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Waits until the stand-in podman has started a named container (a run is live on the fake
   * runner); false when {@code timeout} passed first.
   */
  public boolean awaitLiveContainer(Duration timeout) throws InterruptedException {
    return awaitLiveContainers(live -> !live.isEmpty(), timeout);
  }

  /**
   * Waits until the live containers ({@link #liveContainers()}) satisfy {@code condition}, tested
   * again whenever the stand-in's state directory changes or a live container's process ends; false
   * when {@code timeout} passed first.
   */
  public boolean awaitLiveContainers(Predicate<Set<String>> condition, Duration timeout)
      throws InterruptedException {
    Path state;
    synchronized (this) {
      state = podmanState;
    }
    return ContainerWatch.await(state, this::liveContainers, condition, timeout);
  }

  /**
   * The names of the containers the stand-in podman has running now: started with {@code --name},
   * and neither ended nor removed.
   */
  public Set<String> liveContainers() {
    Path state;
    synchronized (this) {
      state = podmanState;
    }
    if (state == null) {
      throw new IllegalStateException("not started");
    }
    Set<String> live = new TreeSet<>();
    try (Stream<Path> files = Files.list(state)) {
      for (Path pidFile : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
        String file = pidFile.getFileName().toString();
        String name = file.substring(0, file.length() - ".pid".length());
        if (RunnerFiles.isLive(pidFile, name)) {
          live.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(live);
  }

  /** The directory of the stand-in commands, first on each script's {@code PATH}. */
  public synchronized Path stubDirectory() {
    if (stubs == null) {
      throw new IllegalStateException("not started");
    }
    return stubs;
  }

  /** Unsubscribes, kills scripts still running and deletes the scratch directories. */
  @Override
  public void close() {
    Subscription toClose;
    synchronized (this) {
      toClose = subscription;
      subscription = null;
    }
    if (toClose != null) {
      toClose.close();
    }
    timer.shutdownNow();
    executor.shutdownNow();
    running.forEach(RunnerFiles::kill);
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Path dir;
    synchronized (this) {
      dir = root;
      root = null;
    }
    if (dir != null) {
      RunnerFiles.deleteTree(dir);
    }
  }

  private void answer(BusEvent event) {
    String correlationId = event.correlationId().orElse(event.id());
    ScriptRequest request;
    try {
      request = event.payloadAs(ScriptRequest.class);
    } catch (PayloadException e) {
      respond(correlationId, notRun(ErrorType.BAD_REQUEST, e.getMessage()));
      return;
    }
    synchronized (this) {
      received.add(new Received(correlationId, request));
      notifyAll();
    }
    Behaviour now = behaviour;
    try {
      switch (now.mode()) {
        case SILENT -> LOG.debug("staying silent on {}", correlationId);
        case FAIL -> respond(correlationId, notRun(ErrorType.PROVIDER_ERROR, now.failure()));
        case DELAY -> later(now.delay(), () -> runAndRespond(correlationId, request));
        case ACKNOWLEDGE ->
            later(now.delay(), () -> respond(correlationId, new ScriptResult(0, "", "", null)));
        case NORMAL -> respond(correlationId, run(request));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.warn("fake ssh-runner could not run {}", correlationId, e);
      respond(correlationId, notRun(ErrorType.PROVIDER_ERROR, "fake ssh-runner: " + e));
    }
  }

  /** Runs {@code task} on the runner's threads once {@code delay} passed; no thread waits. */
  private void later(Duration delay, Runnable task) {
    var unused =
        timer.schedule(
            () -> {
              try {
                executor.execute(task);
              } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("fake ssh-runner closed before a delayed answer");
              }
            },
            delay.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  private void runAndRespond(String correlationId, ScriptRequest request) {
    try {
      respond(correlationId, run(request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.warn("fake ssh-runner could not run {}", correlationId, e);
      respond(correlationId, notRun(ErrorType.PROVIDER_ERROR, "fake ssh-runner: " + e));
    }
  }

  private ScriptResult run(ScriptRequest request) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(root, "run-");
    try {
      Path script = dir.resolve("script.sh");
      Files.writeString(script, request.script(), StandardCharsets.UTF_8);
      Path stdout = dir.resolve("stdout");
      Path stderr = dir.resolve("stderr");
      ProcessBuilder builder =
          new ProcessBuilder("/bin/sh", script.toString())
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      Map<String, String> env = builder.environment();
      String hostPath = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.put("PATH", stubs + ":" + hostPath);
      env.put("HOME", dir.toString());
      env.put("BUS_FAKE_PODMAN_STATE", podmanState.toString());
      Process process = builder.start();
      running.add(process);
      try {
        boolean finished = process.waitFor(request.timeoutSeconds(), TimeUnit.SECONDS);
        if (!finished) {
          RunnerFiles.kill(process);
          process.waitFor(5, TimeUnit.SECONDS);
          return new ScriptResult(
              TIMED_OUT_EXIT_CODE,
              RunnerFiles.read(stdout),
              RunnerFiles.read(stderr)
                  + "fake ssh-runner: timed out after "
                  + request.timeoutSeconds()
                  + "s\n",
              null);
        }
        return new ScriptResult(
            process.exitValue(), RunnerFiles.read(stdout), RunnerFiles.read(stderr), null);
      } finally {
        running.remove(process);
        if (process.isAlive()) {
          RunnerFiles.kill(process);
        }
      }
    } finally {
      RunnerFiles.deleteTree(dir);
    }
  }

  private void respond(String correlationId, ScriptResult result) {
    try {
      bus.publish(BusEventName.SSH_SCRIPT_RUN.response(), correlationId, result);
    } catch (RuntimeException e) {
      LOG.warn("fake ssh-runner could not publish the result of {}", correlationId, e);
    }
  }

  private static ScriptResult notRun(ErrorType type, String message) {
    return new ScriptResult(-1, "", "", new ErrorReply.ErrorBody(type.wire(), message));
  }

  /** One request as received: the correlation id it will be answered under, and its payload. */
  public record Received(String correlationId, ScriptRequest request) {}

  private enum Mode {
    NORMAL,
    DELAY,
    ACKNOWLEDGE,
    FAIL,
    SILENT
  }

  private record Behaviour(Mode mode, Duration delay, String failure) {}
}
