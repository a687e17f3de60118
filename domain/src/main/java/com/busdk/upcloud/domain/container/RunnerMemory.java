package com.busdk.upcloud.domain.container;

import com.busdk.upcloud.ports.ServerDetails;
import java.util.regex.Pattern;

/**
 * What the runner's collaborators remember between requests: the runner's UUID (so a ready runner
 * costs one state read), the private network's UUID once known, and which boot was bootstrapped.
 */
final class RunnerMemory {
  private static final Pattern UUID_PATTERN =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private volatile String knownUuid;
  private volatile String privateNetworkUuid;

  /**
   * The runner UUID bootstrapped since we last saw it boot; changed only by the holder of the
   * lifecycle gate (whose steps may run on several threads, one after another).
   */
  private volatile String bootstrappedUuid;

  /**
   * @param privateNetwork the configured private network name or UUID, or null
   */
  RunnerMemory(String privateNetwork) {
    this.privateNetworkUuid =
        privateNetwork != null && UUID_PATTERN.matcher(privateNetwork).matches()
            ? privateNetwork
            : null;
  }

  /** The runner's UUID, or null until it is found or created. */
  String knownUuid() {
    return knownUuid;
  }

  ServerDetails remember(ServerDetails server) {
    knownUuid = server.uuid();
    return server;
  }

  /** Forgets the runner and its bootstrap; for the holder of the lifecycle gate. */
  void forget() {
    knownUuid = null;
    bootstrappedUuid = null;
  }

  /**
   * Forgets the runner's UUID only, for lookups made without the lifecycle gate. The bootstrap mark
   * names a UUID, so a runner found anew under another UUID is bootstrapped all the same.
   */
  void forgetUuid() {
    knownUuid = null;
  }

  /** The private network's UUID: configured as one, or resolved by a create; else null. */
  String privateNetworkUuid() {
    return privateNetworkUuid;
  }

  void privateNetworkResolved(String uuid) {
    privateNetworkUuid = uuid;
  }

  boolean bootstrapped(String serverUuid) {
    return serverUuid.equals(bootstrappedUuid);
  }

  void markBootstrapped(String serverUuid) {
    bootstrappedUuid = serverUuid;
  }

  /** Whatever boots now is a fresh boot that needs its own bootstrap. */
  void booting() {
    bootstrappedUuid = null;
  }
}
