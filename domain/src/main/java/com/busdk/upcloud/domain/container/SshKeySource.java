package com.busdk.upcloud.domain.container;

import java.util.List;

/**
 * The SSH public keys injected into a runner the worker creates. The app reads them from the {@code
 * --container-ssh-keys} files; they are read only when a runner is created, so a worker that never
 * creates one never needs them.
 */
@FunctionalInterface
public interface SshKeySource {

  /**
   * The public keys, one entry per key.
   *
   * @throws com.busdk.upcloud.ports.WorkerException naming the file when one is unreadable or empty
   */
  List<String> publicKeys();
}
