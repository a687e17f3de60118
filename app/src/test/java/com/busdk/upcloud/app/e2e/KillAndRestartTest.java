package com.busdk.upcloud.app.e2e;

import static com.busdk.upcloud.app.e2e.Deployment.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.runtime.Journals;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.upcloud.UpCloudServers;
import com.busdk.upcloud.upcloud.UpCloudSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault 1 of the suite: the worker dies ("kill -9") while a container run is in flight, and a new
 * process of the same worker (same state directory, same consumer id) takes over. In this JVM the
 * death is a {@link KillSwitch} on the dead worker's event bus, run journal and UpCloud client:
 * from the kill on, nothing it still does leaves it. {@code KillAndRestartIT} kills a real process.
 */
@Timeout(90)
class KillAndRestartTest {
  private static final String RUN = "bus.containers.run.request";
  private static final String STATUS = "bus.containers.status.request";
  private static final String CORRELATION = "kill-run-1";
  private static final Map<String, Object> SLOW_RUN =
      Map.of(
          "image", "alpine",
          "command", List.of("sh", "-c", "sleep 20; printf LATE"),
          "identity_id", "user-a",
          "run_id", "run_slow");

  private final Deployment d = new Deployment();
  private final RunnerRig rig = new RunnerRig(d);

  @AfterEach
  void close() throws Exception {
    d.close();
    rig.close();
  }

  @Test
  void aRunInFlightWhenTheWorkerDiesIsAnsweredOnceByItsSuccessorAndNeverRunTwice()
      throws Exception {
    d.listen(RUN.replace(".request", ".response"));
    d.listen(STATUS.replace(".request", ".response"));
    int streamsWithoutWorker = d.events.openStreams();
    KillSwitch kill = new KillSwitch();
    d.start(
        rig.flags("--events-consumer=worker-1", "--shutdown-grace=1s"),
        Map.of(),
        bus -> kill.guard(EventBus.class, bus, KillAndRestartTest::busGone),
        (settings, time) ->
            kill.guard(
                RunJournal.class,
                Journals.open(settings.state(), time),
                KillAndRestartTest::journalGone),
        rig.overrides(),
        killableCloud(kill));

    CompletableFuture<BusEvent> answer = d.send(RUN, CORRELATION, SLOW_RUN);
    assertTrue(rig.awaitLive(1, Duration.ofSeconds(20)), "the run's container started");
    kill.kill();
    awaitOpenStreams(streamsWithoutWorker);
    assertEquals(1, rig.liveContainers().size(), "a dead worker leaves its container running");
    assertFalse(answer.isDone(), "the dead worker did not answer");

    d.startWorker(rig.flags("--events-consumer=worker-1"), rig.overrides());

    Map<?, ?> error = (Map<?, ?>) payload(answer.get(30, TimeUnit.SECONDS)).get("error");
    assertEquals("provider_error", error.get("type"), error.toString());
    String message = (String) error.get("message");
    assertTrue(message.contains("run_slow interrupted"), message);
    assertTrue(message.contains("worker restarted"), message);
    assertTrue(message.contains("its container was stopped"), message);
    assertEquals(List.of(), List.copyOf(rig.liveContainers()), "no container left running");

    List<?> items =
        (List<?>) payload(d.request(STATUS, Map.of("identity_id", "user-a"))).get("items");
    assertEquals(1, items.size(), items.toString());
    Map<?, ?> item = (Map<?, ?>) items.get(0);
    assertEquals("run_slow", item.get("id"));
    assertEquals("failed", item.get("state"), item.toString());
    assertEquals(1, answersTo(CORRELATION).size(), "exactly one answer for the run");
    assertEquals(1, rig.runScripts());

    BusEvent redelivered = d.request(RUN, CORRELATION, SLOW_RUN, Duration.ofSeconds(20));
    assertEquals(
        answer.get().payloadAs(JsonNode.class),
        redelivered.payloadAs(JsonNode.class),
        "a redelivery is answered from the journal");
    assertEquals(1, rig.runScripts(), "and not run again");
    assertEquals(2, answersTo(CORRELATION).size(), "the first answer and the redelivery's");
  }

  private List<BusEvent> answersTo(String correlationId) {
    return d.published("bus.containers.run.response").getOrDefault(correlationId, List.of());
  }

  /**
   * Waits until the Events API has let go of the dead worker's streams: it sees a closed connection
   * only when it next writes to it, and meanwhile could hand that stream a request.
   */
  private void awaitOpenStreams(int count) throws InterruptedException {
    assertTrue(
        d.events.awaitOpenStreams(open -> open == count, Duration.ofSeconds(10)),
        "the Events API still holds " + d.events.openStreams() + " streams, not " + count);
  }

  /** The UpCloud client of the dead worker, behind the kill switch. */
  private static AbstractModule killableCloud(KillSwitch kill) {
    return new AbstractModule() {
      @Provides
      @Singleton
      CloudServers cloudServers(UpCloudSettings settings) {
        return kill.guard(
            CloudServers.class,
            UpCloudServers.create(settings),
            () -> new CloudException(CloudException.Kind.IO, "", "the process is dead"));
      }
    };
  }

  private static EventBusException busGone() {
    return new EventBusException(EventBusException.Kind.IO, "the process is dead");
  }

  private static JournalException journalGone() {
    return new JournalException("the process is dead", false, null);
  }
}
