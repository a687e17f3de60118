package com.busdk.upcloud.app.provider;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code static} provider: deterministic servers that exist for any name, start out started,
 * and change state in memory only. No network, no credentials; used for {@code --self-test}, {@code
 * --local} and dry runs.
 */
public final class StaticCloudServers implements CloudServers {
  private static final String ZONE = "static";
  private final Map<String, ServerDetails> byUuid = new ConcurrentHashMap<>();

  @Override
  public Optional<ServerDetails> find(String nameOrUuid) {
    String uuid = uuidOf(nameOrUuid);
    return Optional.of(
        byUuid.computeIfAbsent(uuid, u -> server(u, nameOrUuid, "started", Map.of())));
  }

  @Override
  public ServerDetails get(String uuid) {
    ServerDetails server = byUuid.get(uuid);
    if (server == null) {
      throw new CloudException(
          CloudException.Kind.NOT_FOUND, "SERVER_NOT_FOUND", "server " + uuid + " not found");
    }
    return server;
  }

  @Override
  public List<ServerSummary> listByLabels(Map<String, String> labels) {
    return byUuid.values().stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .map(ServerDetails::summary)
        .toList();
  }

  @Override
  public ServerDetails start(String uuid) {
    return transition(uuid, "started");
  }

  @Override
  public ServerDetails stop(String uuid, StopType type, Duration timeout) {
    return transition(uuid, "stopped");
  }

  @Override
  public ServerDetails create(ServerSpec spec) {
    String uuid = uuidOf(spec.title());
    ServerDetails server = server(uuid, spec.title(), "started", spec.labels());
    byUuid.put(uuid, server);
    return server;
  }

  @Override
  public void delete(String uuid, boolean withStorages) {
    byUuid.remove(uuid);
  }

  @Override
  public void deleteStorage(String storageUuid) {
    // Static servers have no storage of their own to release.
  }

  @Override
  public boolean storageExists(String storageUuid) {
    return false;
  }

  @Override
  public Optional<NetworkInfo> findNetwork(String zone, String nameOrUuid) {
    return Optional.of(
        new NetworkInfo(uuidOf("network:" + nameOrUuid), nameOrUuid, "private", zone));
  }

  @Override
  public Optional<TemplateInfo> findTemplate(String titleOrUuid) {
    return Optional.of(
        new TemplateInfo(uuidOf("template:" + titleOrUuid), titleOrUuid, "cloud-init", 10));
  }

  private ServerDetails transition(String uuid, String state) {
    ServerDetails changed = byUuid.computeIfPresent(uuid, (u, s) -> s.withProviderState(state));
    return changed != null ? changed : get(uuid);
  }

  private static String uuidOf(String nameOrUuid) {
    try {
      return UUID.fromString(nameOrUuid).toString();
    } catch (IllegalArgumentException notAUuid) {
      return UUID.nameUUIDFromBytes(nameOrUuid.getBytes(StandardCharsets.UTF_8)).toString();
    }
  }

  private static ServerDetails server(
      String uuid, String name, String state, Map<String, String> labels) {
    IpAddress loopback = new IpAddress("127.0.0.1", "IPv4", "");
    NetworkInterface nic =
        new NetworkInterface(1, "private", "02:00:00:00:00:01", "", List.of(loopback));
    IpAddress publicIp = new IpAddress("127.0.0.1", "IPv4", "public");
    return new ServerDetails(
        new ServerSummary(uuid, name, name, ZONE, state, labels),
        List.of(nic),
        List.of(publicIp),
        List.of());
  }
}
