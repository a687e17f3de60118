package com.busdk.upcloud.domain.vm;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Failures;
import com.busdk.upcloud.domain.ServerWaits;
import com.busdk.upcloud.ports.ActionResponse;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * VM status, start and stop. Start and stop answer once the provider accepted the action (or the VM
 * is already there); they poll through maintenance and a busy provider ({@code BUSY}) only within
 * the action timeout, so callers with a one-minute budget still get an answer.
 */
public final class VmControl {
  /** Soft stop first; UpCloud hard-stops after this many seconds. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  private final CloudServers cloud;
  private final VmSettings settings;
  private final ServerRef vm;
  private final ServerWaits waits;

  public VmControl(CloudServers cloud, VmSettings settings, TimeSource time) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.vm = new ServerRef(cloud, settings.vmName());
    this.waits = new ServerWaits(cloud, time);
  }

  public StatusResponse status() {
    try {
      return vm.read()
          .map(server -> new StatusResponse(statusOf(server, null)))
          .orElseGet(this::missingStatus);
    } catch (CloudException e) {
      throw Failures.fromCloud("VM status", e);
    }
  }

  public ActionResponse start() {
    return act(
        "start",
        server -> server.state() == LifecycleState.READY,
        uuid -> cloud.start(uuid),
        LifecycleState.STARTING);
  }

  public ActionResponse stop() {
    return act(
        "stop",
        server -> server.state() == LifecycleState.STOPPED,
        uuid -> cloud.stop(uuid, CloudServers.StopType.SOFT, STOP_GRACE),
        null);
  }

  private ActionResponse act(
      String action,
      Predicate<ServerDetails> alreadyThere,
      Function<String, ServerDetails> call,
      LifecycleState pendingState) {
    try {
      ServerDetails server =
          vm.read()
              .orElseThrow(
                  () ->
                      new WorkerException(
                          ErrorType.NOT_FOUND, "VM \"" + settings.vmName() + "\" not found"));
      ServerDetails after =
          waits.actWhenSettled(
              server.uuid(),
              call,
              alreadyThere,
              server,
              settings.actionTimeout(),
              settings.pollInterval());
      LifecycleState reported =
          pendingState != null && !alreadyThere.test(after) ? pendingState : null;
      return new ActionResponse(true, action, statusOf(after, reported));
    } catch (CloudException e) {
      throw Failures.fromCloud("VM " + action, e);
    } catch (ServerWaits.WaitTimeoutException e) {
      throw Failures.timeout(
          "VM "
              + action
              + " timed out after "
              + settings.actionTimeout().toSeconds()
              + "s: UpCloud kept the server in state '"
              + e.lastSeen().providerState()
              + "' (maintenance timeout)");
    } catch (InterruptedException e) {
      throw Failures.interrupted("VM " + action);
    }
  }

  private StatusPayload statusOf(ServerDetails server, LifecycleState override) {
    LifecycleState state = override != null ? override : server.state();
    StatusDetails details =
        StatusDetails.of(
                server.providerState(),
                server.uuid(),
                server.title().isEmpty() ? server.hostname() : server.title())
            .withPlace(server.hostname(), server.zone());
    return new StatusPayload(state.wire(), settings.providerName(), details);
  }

  private StatusResponse missingStatus() {
    return new StatusResponse(
        new StatusPayload(
            LifecycleState.UNAVAILABLE.wire(),
            settings.providerName(),
            StatusDetails.absent(settings.vmName())));
  }
}
