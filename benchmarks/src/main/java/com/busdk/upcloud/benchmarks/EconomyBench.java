package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator.RecordedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Benchmark 3: UpCloud API calls the worker makes per request, read from the simulator's request
 * log, against the fewest the API allows. One worker process with the {@code upcloud} provider
 * serves VM, container and runner-admin requests; each step is counted on its own.
 */
final class EconomyBench {
  private static final String SECTION = "3 UpCloud calls";
  private static final int STATUS_REPEATS = 20;
  private static final int RUN_REPEATS = 10;
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration HOLD = Duration.ofSeconds(3);
  private static final Duration CREATE_DELAY = Duration.ofSeconds(3);
  private static final Duration STOP_DELAY = Duration.ofSeconds(2);

  private final Layout layout;

  EconomyBench(Layout layout) {
    this.layout = layout;
  }

  List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    try (UpCloudRig rig = new UpCloudRig(layout)) {
      String vm = rig.sim.seedServer(UpCloudRig.VM_NAME, "started");
      String poll = POLL.toSeconds() + "s";
      // VM and container listeners (3 + 3 + the ssh response stream) in one worker; runner
      // administration is a separate protected service (3 + 1 streams), as in production.
      Child worker =
          rig.startWorker(
              "economy-worker",
              7,
              "--vm-name",
              UpCloudRig.VM_NAME,
              "--upcloud-poll-interval",
              poll,
              "--runner-ssh-ready-poll-interval",
              poll);
      Child admin =
          rig.startWorker(
              "economy-admin",
              4,
              "--runner-admin",
              "--upcloud-poll-interval",
              poll,
              "--runner-delete-poll-interval",
              poll,
              "--runner-ssh-ready-poll-interval",
              poll);
      try (worker;
          admin) {
        int mark = rig.sim.requests().size();
        ask(rig, BusEventName.VM_STATUS, Map.of());
        List<RecordedRequest> first = since(rig, mark);
        out.add(Figure.info(SECTION, "first VM status (finds the VM by name)", breakdown(first)));

        mark = rig.sim.requests().size();
        for (int i = 0; i < STATUS_REPEATS; i++) {
          ask(rig, BusEventName.VM_STATUS, Map.of());
        }
        double perStatus = since(rig, mark).size() / (double) STATUS_REPEATS;
        out.add(
            Figure.compared(
                    SECTION,
                    "calls per VM status after the first (" + STATUS_REPEATS + " statuses)",
                    number(perStatus),
                    "API minimum 1",
                    perStatus)
                .withGoal("1", perStatus == 1.0));

        out.add(action(rig, BusEventName.VM_STOP, "VM stop of a started VM", 2));
        out.add(action(rig, BusEventName.VM_START, "VM start of a stopped VM", 2));

        rig.sim.holdInMaintenance(vm, HOLD);
        mark = rig.sim.requests().size();
        long started = System.nanoTime();
        ask(rig, BusEventName.VM_STOP, Map.of());
        double seconds = (System.nanoTime() - started) / 1e9;
        List<RecordedRequest> held = since(rig, mark);
        int polls = (int) held.stream().filter(r -> r.method().equals("GET")).count() - 1;
        int maxPolls = (int) Math.ceil((double) HOLD.toMillis() / POLL.toMillis()) + 1;
        out.add(
            Figure.compared(
                    SECTION,
                    "VM stop through "
                        + HOLD.toSeconds()
                        + " s of maintenance, "
                        + poll
                        + " poll interval: "
                        + breakdown(held),
                    polls + " polls in " + number(seconds) + " s",
                    "at most " + maxPolls + " polls",
                    (double) polls / maxPolls)
                .withGoal("polls only at the interval", polls <= maxPolls && polls >= 1));

        rig.sim.setCreateDelay(CREATE_DELAY);
        mark = rig.sim.requests().size();
        ask(rig, BusEventName.RUNNER_START, Map.of());
        List<RecordedRequest> create = since(rig, mark);
        int createPolls = (int) Math.ceil((double) CREATE_DELAY.toMillis() / POLL.toMillis());
        int createMinimum = 3 + createPolls;
        out.add(
            Figure.compared(
                SECTION,
                "runner create and start ("
                    + CREATE_DELAY.toSeconds()
                    + " s provisioning): "
                    + breakdown(create),
                create.size() + " calls",
                "API minimum "
                    + createMinimum
                    + " (one listing, template, create, "
                    + createPolls
                    + " polls)",
                (double) create.size() / createMinimum));

        Map<String, Object> run =
            Map.of("image", "docker.io/library/alpine:3.20", "command", List.of("printf", "OK"));
        // The container worker's first run finds the runner the admin service created.
        ask(rig, BusEventName.CONTAINERS_RUN, run);
        mark = rig.sim.requests().size();
        for (int i = 0; i < RUN_REPEATS; i++) {
          JsonNode reply = ask(rig, BusEventName.CONTAINERS_RUN, run);
          if (reply.path("exit_code").asInt(-1) != 0) {
            throw new IllegalStateException("container run failed: " + reply);
          }
        }
        List<RecordedRequest> runs = since(rig, mark);
        double perRun = runs.size() / (double) RUN_REPEATS;
        out.add(
            Figure.compared(
                    SECTION,
                    "calls per container run on a ready runner (" + breakdown(runs) + ")",
                    number(perRun),
                    "API minimum 1 state read",
                    perRun)
                .withGoal("1", perRun <= 1.0));

        rig.sim.setStopDelay(STOP_DELAY);
        mark = rig.sim.requests().size();
        ask(rig, BusEventName.RUNNER_DELETE, Map.of());
        List<RecordedRequest> delete = since(rig, mark);
        int stopPolls = (int) Math.ceil((double) STOP_DELAY.toMillis() / POLL.toMillis());
        int deleteMinimum = 3 + stopPolls;
        out.add(
            Figure.compared(
                SECTION,
                "runner delete of a started runner ("
                    + STOP_DELAY.toSeconds()
                    + " s to stop): "
                    + breakdown(delete),
                delete.size() + " calls",
                "API minimum "
                    + deleteMinimum
                    + " (state read, stop, "
                    + stopPolls
                    + " polls, delete)",
                (double) delete.size() / deleteMinimum));
      }
    }
    return out;
  }

  private Figure action(UpCloudRig rig, BusEventName family, String what, int minimum)
      throws Exception {
    int mark = rig.sim.requests().size();
    ask(rig, family, Map.of());
    List<RecordedRequest> calls = since(rig, mark);
    return Figure.compared(
            SECTION,
            what + " (" + breakdown(calls) + ")",
            Integer.toString(calls.size()),
            "API minimum " + minimum + " (state read, action)",
            (double) calls.size() / minimum)
        .withGoal(Integer.toString(minimum), calls.size() <= minimum);
  }

  private static JsonNode ask(UpCloudRig rig, BusEventName family, Object payload)
      throws Exception {
    BusClient.Reply reply =
        rig.client.request(family.request(), payload).get(120, TimeUnit.SECONDS);
    JsonNode body = reply.event().payloadAs(JsonNode.class);
    if (body.has("error")) {
      throw new IllegalStateException(family.request() + " answered " + body);
    }
    return body;
  }

  private static List<RecordedRequest> since(UpCloudRig rig, int mark) {
    List<RecordedRequest> all = rig.sim.requests();
    return all.subList(mark, all.size());
  }

  /** {@code GET /server/{uuid} x2, POST /server/{uuid}/stop x1}, in order of first use. */
  static String breakdown(List<RecordedRequest> calls) {
    Map<String, Long> counts =
        calls.stream()
            .collect(
                Collectors.groupingBy(
                    RecordedRequest::endpoint, LinkedHashMap::new, Collectors.counting()));
    if (counts.isEmpty()) {
      return "no calls";
    }
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
