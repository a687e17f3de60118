package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.health.Readiness;
import com.busdk.upcloud.app.health.Telemetry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker's readiness, as {@code /readyz} serves it: its request streams and the other streams
 * its mode needs (the ssh-runner's responses in container modes), as telemetry last saw them.
 */
public final class WorkerReadiness implements Supplier<Readiness> {
  private final Worker worker;
  private final Telemetry telemetry;
  private final List<String> alsoRequired;

  /**
   * @param alsoRequired streams beside the request streams that must be connected
   */
  public WorkerReadiness(Worker worker, Telemetry telemetry, List<String> alsoRequired) {
    this.worker = requireNonNull(worker, "worker is null");
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
    this.alsoRequired = List.copyOf(requireNonNull(alsoRequired, "alsoRequired is null"));
  }

  /** The streams beside the request streams that must be connected. */
  public List<String> alsoRequired() {
    return alsoRequired;
  }

  @Override
  public Readiness get() {
    Readiness requests = worker.readiness();
    if (alsoRequired.isEmpty() || requests.streams().isEmpty()) {
      return requests;
    }
    Map<String, String> streams = new LinkedHashMap<>(requests.streams());
    for (String stream : alsoRequired) {
      streams.put(
          stream,
          telemetry.streamConnected(stream).orElse(false)
              ? Readiness.CONNECTED
              : Readiness.CONNECTING);
    }
    return Readiness.of(streams);
  }
}
