package com.busdk.upcloud.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.events.EventsServerFaults;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault 3 of the suite: the Events API drops every stream 20 times while 300 requests of six kinds
 * arrive (VM status, start and stop; container status, run with a command that ends at once, and
 * delete). Each request is answered exactly once. Answers are counted on the Events API itself: a
 * listener of the answers would have its own stream dropped too.
 */
@Timeout(120)
class StreamDropsTest {
  private static final long SEED = 20_250_310L;
  private static final int REQUESTS = 300;
  private static final int DROPS = 20;
  private static final List<String> NAMES =
      List.of(
          "bus.vm.status.request",
          "bus.vm.start.request",
          "bus.vm.stop.request",
          "bus.containers.status.request",
          "bus.containers.run.request",
          "bus.containers.delete.request");

  private final Deployment d = new Deployment();

  @AfterEach
  void close() throws Exception {
    d.close();
  }

  @Test
  void twentyDropsDuringThreeHundredRequestsLoseNoneAndAnswerNoneTwice() throws Exception {
    d.start(
        List.of("--provider=static", "--events-consumer=dropped"),
        Map.of("BUS_EVENTS_LISTENER_RETRY_MIN", "20ms", "BUS_EVENTS_LISTENER_RETRY_MAX", "200ms"),
        bus -> bus,
        null);
    Random random = new Random(SEED);
    Set<Integer> dropAfter = new TreeSet<>();
    while (dropAfter.size() < DROPS) {
      dropAfter.add(random.nextInt(REQUESTS));
    }
    EventBus caller = d.bus("caller");
    Map<String, String> sent = new HashMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      String name = NAMES.get(random.nextInt(NAMES.size()));
      String correlationId = "drop-" + i;
      caller.publish(name, correlationId, TestPayloads.json(payload(name, i, random)));
      sent.put(correlationId, name.replace(".request", ".response"));
      if (dropAfter.contains(i)) {
        EventsServerFaults.of(d.events).dropStreams();
      }
    }

    awaitAnswered(sent.keySet());
    assertEquals(0, d.stopWorker(), "stopped after finishing what it had taken");
    Map<String, List<BusEvent>> answers = answers();
    assertEquals(sent.keySet(), answers.keySet());
    answers.forEach(
        (id, events) -> {
          assertEquals(1, events.size(), "answers to " + id);
          assertEquals(sent.get(id), events.get(0).name(), id);
        });
  }

  private static Map<String, Object> payload(String name, int i, Random random) {
    String owner = "user-" + random.nextInt(4);
    return switch (name) {
      case "bus.containers.status.request" -> Map.of("identity_id", owner);
      case "bus.containers.run.request" ->
          Map.of(
              "image",
              "alpine",
              "command",
              List.of("true"),
              "identity_id",
              owner,
              "run_id",
              "run-" + i);
      case "bus.containers.delete.request" ->
          Map.of("run_id", "run-" + random.nextInt(i + 1), "identity_id", owner);
      default -> Map.of();
    };
  }

  private Map<String, List<BusEvent>> answers() {
    Map<String, List<BusEvent>> all = new HashMap<>();
    for (String name : NAMES) {
      d.published(name.replace(".request", ".response"))
          .forEach((id, events) -> all.computeIfAbsent(id, k -> new ArrayList<>()).addAll(events));
    }
    return all;
  }

  private void awaitAnswered(Set<String> ids) throws InterruptedException {
    assertTrue(
        d.events.awaitPublished(all -> answers().keySet().containsAll(ids), Duration.ofSeconds(60)),
        () -> "answered " + answers().size() + " of " + ids.size() + " in 60 s");
  }
}
