package com.busdk.upcloud.domain.vm;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ServerDetails;
import java.util.Optional;

/**
 * A server named by the operator. The name is resolved to a UUID once; after that a read costs one
 * API call. The UUID is forgotten when the server is gone, so a re-created server is found again.
 */
public final class ServerRef {
  private final CloudServers cloud;
  private final String nameOrUuid;
  private volatile String uuid;

  public ServerRef(CloudServers cloud, String nameOrUuid) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.nameOrUuid = requireNonNull(nameOrUuid, "nameOrUuid is null");
  }

  public String name() {
    return nameOrUuid;
  }

  /** The server as it is now, or empty when no server has that name or UUID. */
  public Optional<ServerDetails> read() {
    String known = uuid;
    if (known != null) {
      try {
        return Optional.of(cloud.get(known));
      } catch (CloudException e) {
        if (e.kind() != CloudException.Kind.NOT_FOUND) {
          throw e;
        }
        uuid = null;
      }
    }
    Optional<ServerDetails> found = cloud.find(nameOrUuid);
    found.ifPresent(server -> uuid = server.uuid());
    return found;
  }
}
