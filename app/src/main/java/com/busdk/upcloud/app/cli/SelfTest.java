package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.events.EventCodec;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.Subscription;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code --self-test}: sends VM status, start, stop and one container run through the real
 * dispatcher over an in-memory event bus with the static provider, and checks every answer's
 * correlation id and shape. Needs no network and no credentials.
 */
public final class SelfTest {
  private static final EventCodec CODEC = new EventCodec();
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
  private static final String IDENTITY = "self-test-identity";

  private final EventBus bus;
  private final RequestDispatcher dispatcher;
  private final PrintStream out;

  public SelfTest(EventBus bus, RequestDispatcher dispatcher, PrintStream out) {
    this.bus = requireNonNull(bus, "bus is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.out = requireNonNull(out, "out is null");
  }

  private record Check(
      String label, String request, Map<String, Object> payload, Predicate<Map<?, ?>> valid) {}

  /** Runs every check; returns true when all passed. */
  public boolean run() throws InterruptedException {
    List<Check> checks =
        List.of(
            new Check("vm status", "bus.vm.status.request", Map.of(), SelfTest::isReadyStatus),
            new Check("vm start", "bus.vm.start.request", Map.of(), p -> isAccepted(p, "start")),
            new Check("vm stop", "bus.vm.stop.request", Map.of(), p -> isAccepted(p, "stop")),
            new Check(
                "container run",
                "bus.containers.run.request",
                Map.of(
                    "profile",
                    "codex",
                    "command",
                    List.of("sh", "-c", "printf BUS_CONTAINER_OK"),
                    "identity_id",
                    IDENTITY),
                SelfTest::isCompletedRun),
            new Check(
                "container status",
                "bus.containers.status.request",
                Map.of("identity_id", IDENTITY),
                p -> p.get("items") instanceof List<?> items && items.size() == 1));
    Map<String, CompletableFuture<BusEvent>> answers = new ConcurrentHashMap<>();
    List<Subscription> subscriptions = new ArrayList<>();
    Delivery requests = Delivery.unicast("self-test", "self-test");
    try {
      for (String name : dispatcher.requestNames()) {
        subscriptions.add(bus.subscribe(name, requests, dispatcher::accept));
        String response = RequestDispatcher.responseNameOf(name);
        subscriptions.add(
            bus.subscribe(
                response,
                Delivery.broadcast(),
                e ->
                    e.correlationId()
                        .ifPresent(
                            c ->
                                answers
                                    .computeIfAbsent(c, k -> new CompletableFuture<>())
                                    .complete(e))));
      }
      boolean allPassed = true;
      int n = 0;
      for (Check check : checks) {
        n++;
        allPassed &= run(check, "self-test-" + n, answers);
      }
      if (allPassed) {
        out.println("bus-integration-upcloud self-test OK");
      } else {
        out.println("bus-integration-upcloud self-test FAILED");
      }
      return allPassed;
    } finally {
      subscriptions.forEach(Subscription::close);
      dispatcher.shutdown(Duration.ofSeconds(5));
    }
  }

  private boolean run(
      Check check, String correlationId, Map<String, CompletableFuture<BusEvent>> answers)
      throws InterruptedException {
    if (!dispatcher.requestNames().contains(check.request())) {
      out.println("skip " + check.label() + ": no listener for " + check.request());
      return true;
    }
    CompletableFuture<BusEvent> answer =
        answers.computeIfAbsent(correlationId, k -> new CompletableFuture<>());
    // The checks send what a requester would: JSON built from a map, not a reply record.
    bus.publish(check.request(), correlationId, new RawJson(CODEC.writeLine(check.payload())));
    BusEvent event;
    try {
      event = answer.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      out.println("FAIL " + check.label() + ": no answer within " + ANSWER_WAIT.toSeconds() + "s");
      return false;
    }
    Map<?, ?> payload = event.payloadAs(Map.class);
    String expectedName = RequestDispatcher.responseNameOf(check.request());
    if (!expectedName.equals(event.name())
        || !correlationId.equals(event.correlationId().orElse(""))) {
      out.println("FAIL " + check.label() + ": answer not correlated");
      return false;
    }
    if (!check.valid().test(payload)) {
      out.println("FAIL " + check.label() + ": unexpected answer " + payload);
      return false;
    }
    out.println(
        "ok   " + check.label() + " (" + expectedName + ", correlation " + correlationId + ")");
    return true;
  }

  private static boolean isReadyStatus(Map<?, ?> p) {
    return p.get("status") instanceof Map<?, ?> s
        && "ready".equals(s.get("state"))
        && s.get("provider") instanceof String;
  }

  private static boolean isAccepted(Map<?, ?> p, String action) {
    return Boolean.TRUE.equals(p.get("accepted")) && action.equals(p.get("action"));
  }

  private static boolean isCompletedRun(Map<?, ?> p) {
    return p.get("run_id") instanceof String id
        && id.startsWith("run_")
        && Integer.valueOf(0).equals(p.get("exit_code"))
        && IDENTITY.equals(p.get("owner_identity_id"));
  }
}
