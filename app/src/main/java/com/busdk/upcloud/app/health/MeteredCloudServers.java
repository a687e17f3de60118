package com.busdk.upcloud.app.health;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CloudServers} that records the last observed state of the runner and the VM in {@link
 * Telemetry} from the answers that pass through anyway: the gauge costs no UpCloud call of its own.
 * A server is recognised by its configured name, then by the UUID it was found under.
 */
public final class MeteredCloudServers implements CloudServers {
  private final CloudServers delegate;
  private final Telemetry telemetry;
  private final Map<String, String> roleByName = new ConcurrentHashMap<>();
  private final Map<String, String> roleByUuid = new ConcurrentHashMap<>();

  /**
   * @param runnerName the configured runner name or UUID; null when the mode has no runner
   * @param vmName the configured VM name or UUID; null when the mode has no VM
   */
  public MeteredCloudServers(
      CloudServers delegate, Telemetry telemetry, String runnerName, String vmName) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
    if (runnerName != null) {
      roleByName.put(runnerName, "runner");
      telemetry.expectServer("runner");
    }
    if (vmName != null) {
      roleByName.put(vmName, "vm");
      telemetry.expectServer("vm");
    }
  }

  @Override
  public Optional<ServerDetails> find(String nameOrUuid) {
    Optional<ServerDetails> found = delegate.find(nameOrUuid);
    String role = roleByName.get(nameOrUuid);
    if (role != null) {
      found.ifPresentOrElse(
          server -> {
            roleByUuid.put(server.uuid(), role);
            telemetry.serverState(role, server.state().wire());
          },
          () -> telemetry.serverState(role, "absent"));
    } else {
      found.ifPresent(this::observe);
    }
    return found;
  }

  @Override
  public ServerDetails get(String uuid) {
    return observe(delegate.get(uuid));
  }

  @Override
  public List<ServerSummary> listByLabels(Map<String, String> labels) {
    return delegate.listByLabels(labels);
  }

  @Override
  public ServerDetails start(String uuid) {
    return observe(delegate.start(uuid));
  }

  @Override
  public ServerDetails stop(String uuid, StopType type, Duration timeout) {
    return observe(delegate.stop(uuid, type, timeout));
  }

  @Override
  public ServerDetails create(ServerSpec spec) {
    ServerDetails created = delegate.create(spec);
    String role = roleByName.get(spec.title());
    if (role != null) {
      roleByUuid.put(created.uuid(), role);
    }
    return observe(created);
  }

  @Override
  public void delete(String uuid, boolean withStorages) {
    delegate.delete(uuid, withStorages);
    String role = roleByUuid.remove(uuid);
    if (role != null) {
      telemetry.serverState(role, "absent");
    }
  }

  @Override
  public void deleteStorage(String storageUuid) {
    delegate.deleteStorage(storageUuid);
  }

  @Override
  public boolean storageExists(String storageUuid) {
    return delegate.storageExists(storageUuid);
  }

  @Override
  public Optional<NetworkInfo> findNetwork(String zone, String nameOrUuid) {
    return delegate.findNetwork(zone, nameOrUuid);
  }

  @Override
  public Optional<TemplateInfo> findTemplate(String titleOrUuid) {
    return delegate.findTemplate(titleOrUuid);
  }

  private ServerDetails observe(ServerDetails server) {
    String role = roleByUuid.get(server.uuid());
    if (role == null) {
      role = roleByName.get(server.title());
      if (role != null) {
        roleByUuid.put(server.uuid(), role);
      }
    }
    if (role != null) {
      telemetry.serverState(role, server.state().wire());
    }
    return server;
  }
}
