package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Bounded waits on a server's provider state. The provider answers {@code BUSY} and reports {@code
 * maintenance} while an operation is in flight; both are polled through at a fixed interval, never
 * faster, until a deadline.
 *
 * <p>Each wait comes in two forms with the same rounds, deadlines and cloud calls. The {@code
 * Async} form returns a future and holds no thread between polls: the pause is {@link
 * TimeSource#after}, and each following poll runs on the executor the caller names. The blocking
 * form sleeps on the calling thread between polls ({@link TimeSource#sleep}), for callers that are
 * a blocking step themselves; an interrupt ends it with {@link InterruptedException}.
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
    return block(new Await(uuid, done, time.now().plus(timeout)), interval);
  }

  /**
   * {@link #await} as a future: the first poll runs on the calling thread, each later one on {@code
   * continuations} once {@code interval} has passed. The future fails with a {@link
   * WaitTimeoutException} when the deadline passes first, and with the {@link CloudException} of a
   * failed poll. Cancelling it stops the polling.
   */
  public CompletableFuture<ServerDetails> awaitAsync(
      String uuid,
      Predicate<ServerDetails> done,
      Duration timeout,
      Duration interval,
      Executor continuations) {
    return Polling.poll(
        time, interval, continuations, new Await(uuid, done, time.now().plus(timeout)));
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
    return block(
        new ActWhenSettled(uuid, action, alreadyThere, known, time.now().plus(timeout)), interval);
  }

  /**
   * {@link #actWhenSettled} as a future, polling as {@link #awaitAsync} does; it fails with a
   * {@link WaitTimeoutException} when the server stays busy past the deadline.
   */
  public CompletableFuture<ServerDetails> actWhenSettledAsync(
      String uuid,
      Function<String, ServerDetails> action,
      Predicate<ServerDetails> alreadyThere,
      ServerDetails known,
      Duration timeout,
      Duration interval,
      Executor continuations) {
    Rounds rounds = new ActWhenSettled(uuid, action, alreadyThere, known, time.now().plus(timeout));
    return Polling.poll(time, interval, continuations, rounds);
  }

  private ServerDetails block(Rounds rounds, Duration interval)
      throws InterruptedException, WaitTimeoutException {
    Optional<ServerDetails> outcome = rounds.next(true);
    while (outcome.isEmpty()) {
      time.sleep(interval);
      outcome = rounds.next(false);
    }
    return outcome.get();
  }

  /** The polls of one wait: each round ends it, fails it, or asks for another after a pause. */
  private abstract class Rounds implements Polling.Round<ServerDetails> {
    final String uuid;
    final Instant deadline;

    Rounds(String uuid, Instant deadline) {
      this.uuid = requireNonNull(uuid, "uuid is null");
      this.deadline = deadline;
    }

    /**
     * One round: the server it ends with, or empty to poll again after the interval.
     *
     * @throws WaitTimeoutException when the deadline has passed without an outcome
     */
    @Override
    public abstract Optional<ServerDetails> next(boolean first) throws WaitTimeoutException;

    void requireTimeLeft(ServerDetails current) throws WaitTimeoutException {
      if (!time.now().isBefore(deadline)) {
        throw new WaitTimeoutException(current);
      }
    }
  }

  private final class Await extends Rounds {
    private final Predicate<ServerDetails> done;

    Await(String uuid, Predicate<ServerDetails> done, Instant deadline) {
      super(uuid, deadline);
      this.done = requireNonNull(done, "done is null");
    }

    @Override
    public Optional<ServerDetails> next(boolean first) throws WaitTimeoutException {
      ServerDetails current = cloud.get(uuid);
      if (done.test(current)) {
        return Optional.of(current);
      }
      requireTimeLeft(current);
      return Optional.empty();
    }
  }

  private final class ActWhenSettled extends Rounds {
    private final Function<String, ServerDetails> action;
    private final Predicate<ServerDetails> alreadyThere;
    private final ServerDetails known;

    ActWhenSettled(
        String uuid,
        Function<String, ServerDetails> action,
        Predicate<ServerDetails> alreadyThere,
        ServerDetails known,
        Instant deadline) {
      super(uuid, deadline);
      this.action = requireNonNull(action, "action is null");
      this.alreadyThere = requireNonNull(alreadyThere, "alreadyThere is null");
      this.known = known;
    }

    @Override
    public Optional<ServerDetails> next(boolean first) throws WaitTimeoutException {
      ServerDetails current = first && known != null ? known : cloud.get(uuid);
      if (alreadyThere.test(current)) {
        return Optional.of(current);
      }
      if (current.state() != LifecycleState.MAINTENANCE) {
        try {
          return Optional.of(action.apply(uuid));
        } catch (CloudException e) {
          if (!e.isBusy()) {
            throw e;
          }
        }
      }
      requireTimeLeft(current);
      return Optional.empty();
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
