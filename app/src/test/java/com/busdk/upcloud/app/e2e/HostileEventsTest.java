package com.busdk.upcloud.app.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.runtime.WorkerRuntime;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.TimeSource;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault 5 of the suite: thousands of seeded hostile events ({@link HostileEvents}) to one worker
 * that serves the VM and the container requests (static provider, durable journal), straight onto
 * its request streams from an Events API that delivers whatever bytes it is given. The worker stays
 * up, answers a normal request afterwards, and every event with a usable correlation id got exactly
 * one answer of the kind it called for. {@code -Dhostile.events=N} changes the count (10,000).
 */
@Timeout(300)
class HostileEventsTest {
  private static final int COUNT = Integer.getInteger("hostile.events", 10_000);
  private static final long SEED = Long.getLong("hostile.seed", 10_010L);

  private ScriptedEventsApi api;
  private Path stateDir;
  private HttpEventBus bus;
  private WorkerRuntime worker;
  private CompletableFuture<Integer> exit;

  @BeforeEach
  void start() throws Exception {
    api = new ScriptedEventsApi();
    stateDir = Files.createTempDirectory("bus-state-");
    Settings settings =
        SettingsLoader.load(
            new String[] {
              "--events-url=" + api.baseUrl(),
              "--provider=static",
              "--state-dir=" + stateDir,
              "--events-consumer=hostile",
              "--shutdown-grace=10s"
            },
            Map.of("BUS_API_TOKEN", "scripted-events-api-checks-no-token"));
    SettingsLoader.requireFor(settings);
    bus =
        HttpEventBus.create(
            EventsSettings.of(
                settings.events().eventsUrl().toString(), settings.events().apiToken().reveal()));
    worker = WorkerRuntime.create(settings, bus, TimeSource.system());
    exit = worker.runInBackground();
    assertTrue(worker.awaitReady(Duration.ofSeconds(20)), "worker ready");
  }

  @AfterEach
  void stop() throws Exception {
    if (!exit.isDone()) {
      worker.stop();
      exit.get(30, TimeUnit.SECONDS);
    }
    bus.close();
    api.close();
    StateDirs.delete(stateDir);
  }

  @Test
  void seededHostileEventsLeaveTheWorkerUpAndAnswerEachUsableOneOnce() throws Exception {
    List<HostileEvents.Case> cases = HostileEvents.generate(SEED, COUNT);
    long started = System.nanoTime();
    feed(cases);
    awaitAnswers(cases, Duration.ofMinutes(4));

    String check = "after-the-storm";
    api.enqueue(
        HostileEvents.VM_STATUS,
        ("{\"id\":\"ev-final\",\"name\":\"bus.vm.status.request\",\"correlationId\":\""
                + check
                + "\",\"identity_id\":\"operator\",\"payload\":{}}")
            .getBytes(UTF_8));
    HostileEvents.Case normal =
        HostileEvents.Case.answered(
            "a normal request afterwards",
            HostileEvents.VM_STATUS,
            new byte[0],
            check,
            HostileEvents.ok());
    awaitAnswers(List.of(normal), Duration.ofSeconds(20));
    assertFalse(exit.isDone(), "the worker is still running");

    worker.stop();
    assertEquals(0, exit.get(30, TimeUnit.SECONDS), "and stops cleanly");
    List<HostileEvents.Case> all = new ArrayList<>(cases);
    all.add(normal);
    verify(all);
    System.out.printf(
        "hostile events: %d sent, %d answered, %.1f s%n",
        cases.size(), api.published().size(), (System.nanoTime() - started) / 1e9);
  }

  @Test
  void eventsBeyondTheJsonReadLimitsAreAnsweredOnceUnderTheirIds() throws Exception {
    List<HostileEvents.Case> cases = HostileEvents.beyondReadLimits();
    feed(cases);
    awaitAnswers(cases, Duration.ofSeconds(60));
    worker.stop();
    assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    verify(cases);
  }

  @Test
  void errorsCutLongEnvNamesShort() throws Exception {
    List<HostileEvents.Case> cases = HostileEvents.longValuesInErrors();
    feed(cases);
    awaitAnswers(cases, Duration.ofSeconds(60));
    worker.stop();
    assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    verify(cases);
  }

  private void feed(List<HostileEvents.Case> cases) {
    for (HostileEvents.Case c : cases) {
      api.enqueue(c.stream(), c.line());
    }
  }

  /** Waits until every case that must be answered is; fails naming a few that are not. */
  private void awaitAnswers(List<HostileEvents.Case> cases, Duration timeout)
      throws InterruptedException {
    var woken = exit.whenComplete((code, failure) -> api.wake());
    if (!api.awaitPublished(published -> exit.isDone() || missing(cases).isEmpty(), timeout)
        || !missing(cases).isEmpty()) {
      List<String> missing = missing(cases);
      throw new AssertionError(
          missing.size()
              + " events unanswered after "
              + timeout.toSeconds()
              + " s ("
              + api.waiting()
              + " never taken"
              + (woken.isDone() ? ", the worker exited" : "")
              + "), e.g. "
              + missing.subList(0, Math.min(5, missing.size())));
    }
  }

  private List<String> missing(List<HostileEvents.Case> cases) {
    Set<String> answered = new HashSet<>();
    for (ScriptedEventsApi.Published p : api.published()) {
      answered.add(p.correlationId());
    }
    List<String> missing = new ArrayList<>();
    for (HostileEvents.Case c : cases) {
      if (c.answerId() != null && !answered.contains(c.answerId())) {
        missing.add(c.kind());
      }
    }
    return missing;
  }

  /**
   * Exactly one answer, of the kind the case calls for, under each id that must be answered; at
   * most one under each id that may be; a generated id only for events that had none; and no answer
   * under any other id.
   */
  private void verify(List<HostileEvents.Case> cases) {
    Map<String, List<ScriptedEventsApi.Published>> byId = new HashMap<>();
    List<ScriptedEventsApi.Published> generated = new ArrayList<>();
    for (ScriptedEventsApi.Published p : api.published()) {
      if (p.correlationId() != null && p.correlationId().startsWith("uncorrelated-")) {
        generated.add(p);
      } else {
        byId.computeIfAbsent(p.correlationId(), k -> new ArrayList<>()).add(p);
      }
    }
    int mayBeGenerated = 0;
    Set<String> known = new HashSet<>();
    for (HostileEvents.Case c : cases) {
      String response = c.stream().replace(".request", ".response");
      if (c.answerId() != null) {
        known.add(c.answerId());
        List<ScriptedEventsApi.Published> answers = byId.getOrDefault(c.answerId(), List.of());
        assertEquals(1, answers.size(), () -> "answers to " + c.kind());
        assertEquals(response, answers.get(0).name(), c.kind());
        c.check().accept(c.kind(), answers.get(0).payload());
      } else if (c.mayAnswer() != null) {
        known.add(c.mayAnswer());
        List<ScriptedEventsApi.Published> answers = byId.getOrDefault(c.mayAnswer(), List.of());
        assertTrue(answers.size() <= 1, () -> answers.size() + " answers to " + c.kind());
        answers.forEach(a -> c.check().accept(c.kind(), a.payload()));
      }
      if (c.uncorrelated()) {
        mayBeGenerated++;
      }
    }
    Set<String> strays = new HashSet<>(byId.keySet());
    strays.removeAll(known);
    assertTrue(
        strays.isEmpty(),
        () ->
            strays.size()
                + " answers under ids nobody sent, e.g. "
                + strays.stream()
                    .limit(3)
                    .map(id -> id == null ? "none" : HostileEvents.brief(new TextNode(id)))
                    .toList());
    assertTrue(
        generated.size() <= mayBeGenerated,
        generated.size() + " answers under generated ids, for " + mayBeGenerated + " events");
  }
}
