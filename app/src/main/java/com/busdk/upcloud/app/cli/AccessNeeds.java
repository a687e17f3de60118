package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.ports.BusEventName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Bus API token of a worker mode must carry: the audiences, and for each scope the event
 * families that need it (so a missing scope can be explained by what would fail).
 *
 * @param audiences {@code ai.hg.fi/api} for VM and container events, {@code ai.hg.fi/internal} for
 *     runner administration
 * @param scopes scope to the event families that need it, in listener order
 * @param probeEvent a request name the worker listens to, for a test stream
 */
public record AccessNeeds(
    Set<String> audiences, Map<String, List<String>> scopes, String probeEvent) {
  public static final String API_AUDIENCE = "ai.hg.fi/api";
  public static final String INTERNAL_AUDIENCE = "ai.hg.fi/internal";

  public AccessNeeds {
    // Copies that keep the listener order, for stable output.
    audiences =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(requireNonNull(audiences, "audiences is null")));
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    requireNonNull(scopes, "scopes is null").forEach((k, v) -> ordered.put(k, List.copyOf(v)));
    scopes = Collections.unmodifiableMap(ordered);
    requireNonNull(probeEvent, "probeEvent is null");
  }

  /**
   * @param usesSshRunner container work goes through {@code bus-integration-ssh-runner} events (the
   *     upcloud provider), which needs {@code ssh:run}
   */
  public static AccessNeeds of(Modes modes, boolean usesSshRunner) {
    requireNonNull(modes, "modes is null");
    List<BusEventName> families =
        new ArrayList<>(
            EventsListing.families(modes.vm(), modes.containers(), modes.runnerAdmin()));
    if (usesSshRunner && (modes.containers() || modes.runnerAdmin())) {
      families.add(BusEventName.SSH_SCRIPT_RUN);
    }
    if (families.isEmpty()) {
      throw new IllegalArgumentException("no listener set selected");
    }
    Map<String, List<String>> scopes = new LinkedHashMap<>();
    for (BusEventName family : families) {
      scopes
          .computeIfAbsent(family.scope(), scope -> new ArrayList<>())
          .add(family.request().substring(0, family.request().length() - ".request".length()));
    }
    Set<String> audiences = new LinkedHashSet<>();
    if (modes.vm() || modes.containers()) {
      audiences.add(API_AUDIENCE);
    }
    if (modes.runnerAdmin()) {
      audiences.add(INTERNAL_AUDIENCE);
    }
    return new AccessNeeds(audiences, scopes, families.get(0).request());
  }
}
