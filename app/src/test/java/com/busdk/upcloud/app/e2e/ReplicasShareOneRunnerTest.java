package com.busdk.upcloud.app.e2e;

import static com.busdk.upcloud.app.e2e.Deployment.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.ports.BusEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault 2 of the suite: two replicas of the worker in one delivery group, each with its own state
 * directory, share one runner. A run started through one is seen running and can be deleted through
 * the other; another identity sees and deletes nothing through either. Which replica takes a
 * request is chosen by closing the other's stream of that request name.
 */
@Timeout(90)
class ReplicasShareOneRunnerTest {
  private static final String RUN = "bus.containers.run.request";
  private static final String STATUS = "bus.containers.status.request";
  private static final String DELETE = "bus.containers.delete.request";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Map<String, Object> SLOW_RUN =
      Map.of(
          "image", "alpine",
          "command", List.of("sh", "-c", "sleep 20; printf LATE"),
          "identity_id", "user-a",
          "run_id", "run_slow");

  private final Deployment d = new Deployment();
  private final RunnerRig rig = new RunnerRig(d);

  /** Which replica answered each correlation id; guarded by itself, notified on every answer. */
  private final Map<String, String> answeredBy = new HashMap<>();

  private GatedEventBus a;
  private GatedEventBus b;

  @AfterEach
  void close() throws Exception {
    d.close();
    rig.close();
  }

  @Test
  void eitherReplicaSeesAndDeletesTheOtherOnesRunAndNoOtherIdentityDoes() throws Exception {
    for (String name : List.of(RUN, STATUS, DELETE)) {
      d.listen(name.replace(".request", ".response"));
    }
    startReplicas();

    pause(b, RUN);
    CompletableFuture<BusEvent> run = d.send(RUN, "run-1", SLOW_RUN);
    assertTrue(rig.awaitLive(1, Duration.ofSeconds(20)), "the run's container started");
    resume(b, RUN);

    List<String> statuses = new ArrayList<>();
    for (GatedEventBus via : List.of(b, a)) {
      GatedEventBus other = via == a ? b : a;
      pause(other, STATUS);
      for (int i = 0; i < 4; i++) {
        String id = "status-" + statuses.size();
        statuses.add(id);
        List<?> items = items(d.request(STATUS, id, Map.of("identity_id", "user-a"), WAIT));
        assertEquals(1, items.size(), id + ": " + items);
        Map<?, ?> item = (Map<?, ?>) items.get(0);
        assertEquals("run_slow", item.get("id"), id);
        assertEquals("running", item.get("state"), id + ": " + item);
        assertEquals(name(via), replicaThatAnswered(id), id + " answered by");
      }
      resume(other, STATUS);
    }

    for (GatedEventBus via : List.of(a, b)) {
      GatedEventBus other = via == a ? b : a;
      pause(other, STATUS);
      pause(other, DELETE);
      String suffix = "-via-" + name(via);
      assertEquals(
          List.of(),
          items(d.request(STATUS, "theirs" + suffix, Map.of("identity_id", "user-b"), WAIT)),
          "another identity's status via " + name(via));
      Map<?, ?> refused =
          (Map<?, ?>)
              payload(
                      d.request(
                          DELETE,
                          "their-delete" + suffix,
                          Map.of("run_id", "run_slow", "identity_id", "user-b"),
                          WAIT))
                  .get("error");
      assertEquals("not_found", refused.get("type"), "another identity's delete via " + name(via));
      assertEquals(name(via), replicaThatAnswered("their-delete" + suffix));
      resume(other, STATUS);
      resume(other, DELETE);
    }
    assertEquals(1, rig.liveContainers().size(), "the run is still going");

    pause(a, DELETE);
    long deleting = System.nanoTime();
    Map<?, ?> deleted =
        payload(
            d.request(
                DELETE, "delete-1", Map.of("run_id", "run_slow", "identity_id", "user-a"), WAIT));
    assertEquals(true, deleted.get("deleted"), deleted.toString());
    assertEquals("b", replicaThatAnswered("delete-1"), "the replica that did not start the run");
    assertTrue(rig.awaitLive(0, Duration.ofSeconds(10)), "the container is removed");
    Map<?, ?> ran = payload(run.get(15, TimeUnit.SECONDS));
    assertTrue(Duration.ofNanos(System.nanoTime() - deleting).toSeconds() < 15, "ended early");
    assertNotEquals("LATE", ran.get("stdout"), ran.toString());
    assertEquals("a", replicaThatAnswered("run-1"));

    Map<String, List<BusEvent>> answers = new ConcurrentHashMap<>();
    for (String name : List.of(RUN, STATUS, DELETE)) {
      answers.putAll(d.published(name.replace(".request", ".response")));
    }
    assertEquals(1 + 8 + 2 + 2 + 1, answers.size(), answers.keySet().toString());
    answers.forEach((id, events) -> assertEquals(1, events.size(), "answers to " + id));
  }

  private void startReplicas() throws InterruptedException {
    Deployment.Started first =
        d.start(
            rig.flags("--events-consumer=replica-a"),
            Map.of(),
            bus -> a = new GatedEventBus(bus),
            null,
            rig.overrides());
    Deployment.Started second =
        d.start(
            rig.flags("--events-consumer=replica-b", "--state-dir=" + d.newStateDir()),
            Map.of(),
            bus -> b = new GatedEventBus(bus),
            null,
            rig.overrides());
    record("a", first);
    record("b", second);
  }

  private void record(String replica, Deployment.Started worker) {
    worker
        .runtime()
        .injector()
        .getInstance(RequestDispatcher.class)
        .addListener(
            (name, correlationId, outcome) -> {
              synchronized (answeredBy) {
                answeredBy.put(correlationId, replica);
                answeredBy.notifyAll();
              }
            });
  }

  /**
   * The replica whose dispatcher answered {@code correlationId}. Its listener runs once the publish
   * returned, which may be just after the requester already has the answer.
   */
  private String replicaThatAnswered(String correlationId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    synchronized (answeredBy) {
      long left;
      while (!answeredBy.containsKey(correlationId) && (left = deadline - System.nanoTime()) > 0) {
        answeredBy.wait(Math.max(1, left / 1_000_000));
      }
      return answeredBy.get(correlationId);
    }
  }

  private String name(GatedEventBus replica) {
    return replica == a ? "a" : "b";
  }

  /**
   * Closes a replica's stream and waits until the Events API has let go of it: until then the
   * server could still hand that dead stream a request of the group.
   */
  private void pause(GatedEventBus replica, String name) throws InterruptedException {
    int open = d.events.openStreams();
    replica.pause(name);
    assertTrue(
        d.events.awaitOpenStreams(now -> now < open, Duration.ofSeconds(10)),
        "the Events API kept the paused stream");
  }

  private static void resume(GatedEventBus replica, String name) throws InterruptedException {
    replica.resume(name);
  }

  private static List<?> items(BusEvent answer) {
    Map<?, ?> body = payload(answer);
    assertTrue(body.get("items") instanceof List<?>, body.toString());
    return (List<?>) body.get("items");
  }
}
