package com.busdk.upcloud.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault 1 of the suite on the packaged worker: a VM worker (static provider) answers a start, is
 * killed with SIGKILL, and is started again on the same state directory. The same start request
 * delivered again is answered with the very same answer, from the journal: the restarted process
 * says it published the kept answer again, and did not execute the start.
 */
@Timeout(120)
class KillAndRestartIT {
  private static final Path JAR = Path.of("target", "bus-integration-upcloud.jar");
  private static final List<String> SCOPES = List.of("vm:read", "vm:write");
  private static final String START = "bus.vm.start.request";
  private static final String CORRELATION = "kill-it-start-1";

  private final EmbeddedEventsServer events = new EmbeddedEventsServer(0).start();
  private final BlockingQueue<BusEvent> answers = new LinkedBlockingQueue<>();
  private Path stateDir;
  private HttpEventBus requester;
  private Subscription listener;

  @BeforeEach
  void listen() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the worker first: " + JAR.toAbsolutePath());
    stateDir = Files.createTempDirectory("bus-state-");
    String token =
        events.mintToken(
            "requester", EmbeddedEventsServer.API_AUDIENCE, SCOPES, Duration.ofHours(1));
    requester = HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), token));
    listener = requester.subscribe("bus.vm.start.response", Delivery.broadcast(), answers::add);
    assertTrue(listener.awaitConnected(Duration.ofSeconds(10)));
  }

  @AfterEach
  void close() throws IOException {
    listener.close();
    requester.close();
    events.close();
    StateDirs.delete(stateDir);
  }

  @Test
  void aStartAnsweredBeforeSigkillIsAnsweredFromTheJournalAfterTheRestart() throws Exception {
    int streamsWithoutWorker = events.openStreams();
    Worker first = Worker.start(events, stateDir);
    BusEvent answer;
    try {
      requester.publish(START, CORRELATION, TestPayloads.json(Map.of()));
      answer = answers.poll(30, TimeUnit.SECONDS);
      assertTrue(answer != null, "the first process answered");
      first.kill();
    } finally {
      first.close();
    }
    awaitOpenStreams(streamsWithoutWorker);

    Worker second = Worker.start(events, stateDir);
    try {
      requester.publish(START, CORRELATION, TestPayloads.json(Map.of()));
      BusEvent again = answers.poll(30, TimeUnit.SECONDS);
      assertTrue(again != null, "the restarted process answered the redelivery");
      assertEquals(CORRELATION, again.correlationId().orElseThrow());
      assertEquals(answer.payloadAs(JsonNode.class), again.payloadAs(JsonNode.class));
      String log = second.awaitLog("answer published again", Duration.ofSeconds(10));
      assertTrue(
          log.contains(
              "duplicate name="
                  + START
                  + " correlation_id="
                  + CORRELATION
                  + ": answer published again"),
          log);
      assertFalse(log.contains("interrupted by a restart"), log);
      assertEquals(0, second.terminate(), second.log());
    } finally {
      second.close();
    }
    long published =
        events.published().stream()
            .filter(e -> e.name().equals("bus.vm.start.response"))
            .filter(e -> e.correlationId().orElse("").equals(CORRELATION))
            .count();
    assertEquals(2, published, "one answer from each process");
  }

  /** Waits until the Events API has noticed that the killed process's streams are gone. */
  private void awaitOpenStreams(int count) throws InterruptedException {
    assertTrue(
        events.awaitOpenStreams(n -> n == count, Duration.ofSeconds(10)),
        "the Events API still holds the dead streams");
  }

  /** The packaged worker as a process, its standard error collected. */
  private static final class Worker implements AutoCloseable {
    private final Process process;
    private final StringBuilder log = new StringBuilder();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private Worker(Process process) {
      this.process = process;
      Thread reader = new Thread(this::read, "worker-stderr-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static Worker start(EmbeddedEventsServer events, Path stateDir) throws Exception {
      String token =
          events.mintToken(
              "bus-integration-upcloud",
              EmbeddedEventsServer.API_AUDIENCE,
              SCOPES,
              Duration.ofHours(1));
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder builder =
          new ProcessBuilder(
                  java.toString(),
                  "-jar",
                  JAR.toString(),
                  "--events-url=" + events.baseUrl(),
                  "--provider=static",
                  "--vm-name=gpu",
                  "--state-dir=" + stateDir,
                  "--events-consumer=kill-it",
                  "--shutdown-grace=5s")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("BUS_API_TOKEN", token);
      Worker worker = new Worker(builder.start());
      try {
        worker.ready.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        worker.close();
        throw new AssertionError("the worker did not become ready:\n" + worker.log(), e);
      }
      return worker;
    }

    private void read() {
      try (BufferedReader err =
          new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
          synchronized (log) {
            log.append(line).append('\n');
            log.notifyAll();
          }
          if (line.contains("ready: listening to")) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
    }

    String log() {
      synchronized (log) {
        return log.toString();
      }
    }

    /** The log once it holds {@code text}, or as it is when {@code timeout} passed. */
    String awaitLog(String text, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (log) {
        while (log.indexOf(text) < 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(log, left);
        }
        return log.toString();
      }
    }

    /** SIGKILL: the process ends at once, whatever it was doing. */
    void kill() throws InterruptedException {
      assertTrue(process.toHandle().destroyForcibly(), "SIGKILL not sent");
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process did not die");
      assertEquals(137, process.exitValue(), "killed by SIGKILL");
    }

    /** SIGTERM, then the exit code. */
    int terminate() throws InterruptedException {
      assertTrue(process.toHandle().destroy(), "SIGTERM not sent");
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the worker did not stop");
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
