package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEventName;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --events}: the event names the configured mode listens to and publishes, with the Events
 * API scope each needs, so an operator can check a token before starting the service.
 */
public final class EventsListing {
  private final List<BusEventName> served;
  private final boolean usesSshRunner;

  public EventsListing(List<BusEventName> served, boolean usesSshRunner) {
    this.served = List.copyOf(requireNonNull(served, "served is null"));
    this.usesSshRunner = usesSshRunner;
  }

  /** The families served in each listener set. */
  public static List<BusEventName> families(boolean vm, boolean containers, boolean runnerAdmin) {
    List<BusEventName> names = new ArrayList<>();
    if (vm) {
      names.addAll(List.of(BusEventName.VM_STATUS, BusEventName.VM_START, BusEventName.VM_STOP));
    }
    if (containers) {
      names.addAll(
          List.of(
              BusEventName.CONTAINERS_STATUS,
              BusEventName.CONTAINERS_RUN,
              BusEventName.CONTAINERS_DELETE));
    }
    if (runnerAdmin) {
      names.addAll(
          List.of(
              BusEventName.RUNNER_STATUS, BusEventName.RUNNER_START, BusEventName.RUNNER_DELETE));
    }
    return names;
  }

  /** One {@code listen|publish name scope} line per event name. */
  public void printText(PrintStream out) {
    for (Map<String, String> e : entries()) {
      out.println(e.get("direction") + " " + e.get("name") + " " + e.get("scope"));
    }
  }

  /** The same as one JSON document. */
  public Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("provider_neutral", false);
    doc.put("providers", List.of("static", "upcloud"));
    doc.put("events", entries());
    return doc;
  }

  private List<Map<String, String>> entries() {
    List<Map<String, String>> out = new ArrayList<>();
    for (BusEventName n : served) {
      out.add(entry("listen", n.request(), n.scope()));
      out.add(entry("publish", n.response(), n.scope()));
    }
    if (usesSshRunner) {
      BusEventName ssh = BusEventName.SSH_SCRIPT_RUN;
      out.add(entry("publish", ssh.request(), ssh.scope()));
      out.add(entry("listen", ssh.response(), ssh.scope()));
    }
    return out;
  }

  private static Map<String, String> entry(String direction, String name, String scope) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("direction", direction);
    e.put("name", name);
    e.put("scope", scope);
    return e;
  }
}
