package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Bounded waits on a server's provider state. The provider answers {@code BUSY} and reports {@code
 * maintenance} while an operation is in flight; both are polled through at a fixed interval, never
 * faster, until a deadline.
 */
public final class ServerWaits {
  private final CloudServers cloud;
  private final TimeSource time;

  public ServerWaits(CloudServers cloud, TimeSource time) {
    this.cloud = requireNonNull(cloud, "cloud is null");
    this.time = requireNonNull(time, "time is null");
  }

  public TimeSource time() {
    return time;
  }

  /**
   * Polls {@code GET server} every {@code interval} until {@code done} holds.
   *
   * @throws WaitTimeoutException with the last seen server when the deadline passes first
   */
  public ServerDetails await(
      String uuid, Predicate<ServerDetails> done, Duration timeout, Duration interval)
      throws InterruptedException, WaitTimeoutException {
    Instant deadline = time.now().plus(timeout);
    ServerDetails current = cloud.get(uuid);
    while (!done.test(current)) {
      if (!time.now().isBefore(deadline)) {
        throw new WaitTimeoutException(current);
      }
      time.sleep(interval);
      current = cloud.get(uuid);
    }
    return current;
  }

  /**
   * Issues {@code action} (start or stop), retrying while the provider says the server is busy
   * ({@link CloudException.Kind#BUSY}) or is in maintenance, within {@code timeout}. Returns the
   * provider's answer to the accepted action, or the server as it is once {@code alreadyThere}
   * holds (then no action is sent).
   *
   * @throws WaitTimeoutException when the server stays busy past the deadline
   */
  public ServerDetails actWhenSettled(
      String uuid,
      Function<String, ServerDetails> action,
      Predicate<ServerDetails> alreadyThere,
      ServerDetails known,
      Duration timeout,
      Duration interval)
      throws InterruptedException, WaitTimeoutException {
    Instant deadline = time.now().plus(timeout);
    ServerDetails current = known != null ? known : cloud.get(uuid);
    while (true) {
      if (alreadyThere.test(current)) {
        return current;
      }
      if (current.state() != LifecycleState.MAINTENANCE) {
        try {
          return action.apply(uuid);
        } catch (CloudException e) {
          if (!e.isBusy()) {
            throw e;
          }
        }
      }
      if (!time.now().isBefore(deadline)) {
        throw new WaitTimeoutException(current);
      }
      time.sleep(interval);
      current = cloud.get(uuid);
    }
  }

  /** The deadline passed; carries the last server state seen so the reply can name it. */
  public static final class WaitTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ServerDetails lastSeen;

    public WaitTimeoutException(ServerDetails lastSeen) {
      super("server " + lastSeen.uuid() + " still in state '" + lastSeen.providerState() + "'");
      this.lastSeen = lastSeen;
    }

    public ServerDetails lastSeen() {
      return lastSeen;
    }
  }
}
