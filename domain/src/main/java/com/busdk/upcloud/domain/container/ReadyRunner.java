package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.StatusPayload;
import java.util.List;

/**
 * A runner that is started, answers on its SSH port and is bootstrapped.
 *
 * @param host the SSH host scripts are sent to
 * @param users the user name candidates the ssh-runner tries
 * @param status the runner status published as a run's {@code runtime}
 */
public record ReadyRunner(
    ServerDetails server, String host, List<String> users, StatusPayload status) {
  public ReadyRunner {
    requireNonNull(server, "server is null");
    requireNonNull(host, "host is null");
    requireNonNull(status, "status is null");
    users = users == null ? List.of() : List.copyOf(users);
  }

  public List<ScriptRequest.Target> targets() {
    return List.of(new ScriptRequest.Target(host, RunnerLifecycle.SSH_PORT));
  }
}
