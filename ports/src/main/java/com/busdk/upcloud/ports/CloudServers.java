package com.busdk.upcloud.ports;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud operations the worker needs. Every method throws {@link CloudException} on a provider
 * or transport failure; "not found" on a lookup is an empty result, not an exception.
 */
public interface CloudServers {

  /**
   * Resolves a server UUID or name. A UUID is used as is; a name matches the title or the hostname
   * exactly. More than one match is a {@link CloudException.Kind#AMBIGUOUS} failure naming both.
   */
  Optional<ServerDetails> find(String nameOrUuid);

  /** Full details of one server; {@link CloudException.Kind#NOT_FOUND} when it is gone. */
  ServerDetails get(String uuid);

  /** Servers carrying every given label ({@code key=value}); summaries carry no addresses. */
  List<ServerSummary> listByLabels(Map<String, String> labels);

  ServerDetails start(String uuid);

  ServerDetails stop(String uuid, StopType type, Duration timeout);

  /** Creates a server (asynchronous on the provider side: it usually starts in maintenance). */
  ServerDetails create(ServerSpec spec);

  /** Deletes a stopped server, with its attached storages when {@code withStorages}. */
  void delete(String uuid, boolean withStorages);

  /** Deletes one storage; a storage that is already gone is not an error. */
  void deleteStorage(String storageUuid);

  boolean storageExists(String storageUuid);

  /** A network by UUID, or a private network by exact name in the zone. */
  Optional<NetworkInfo> findNetwork(String zone, String nameOrUuid);

  /** A storage template by exact title or UUID. */
  Optional<TemplateInfo> findTemplate(String titleOrUuid);

  enum StopType {
    SOFT,
    HARD
  }
}
