package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.TimeSource;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry model of the UpCloud adapter, as Feign's {@link Retryer}: Feign hands it every
 * {@link RetryableException} (5xx, 429 and renewed-token 401 answers from {@link
 * UpCloudErrorDecoder}, and connection failures from the client). It waits through the adapter's
 * {@link TimeSource}, so tests on a fake clock never sleep.
 *
 * <p>Transient failures are retried up to {@code maxRetries} times, waiting the provider's {@code
 * Retry-After} when it sent one, else {@code baseDelay} doubling per attempt; every wait is capped
 * at {@link #MAX_DELAY}. {@code POST /server} is never retried: it is not idempotent, and a create
 * that failed on the wire may still have created a server, which the caller reconciles by label. A
 * 401 after which the token source holds a new token is repeated once at once, for every operation,
 * and does not count as a retry. When it gives up, it throws the {@link CloudException} the caller
 * sees.
 */
final class UpCloudRetryer implements Retryer {
  private static final Logger LOG = LoggerFactory.getLogger(UpCloudRetryer.class);

  static final Duration MAX_DELAY = Duration.ofSeconds(60);

  /** How often and how long to wait; {@code time} is the clock and the sleeper. */
  record Policy(TimeSource time, int maxRetries, Duration baseDelay) {}

  private final Policy policy;
  private int attempt;
  private boolean renewed;

  UpCloudRetryer(Policy policy) {
    this.policy = policy;
  }

  @Override
  public void continueOrPropagate(RetryableException e) {
    CloudException failure = failureOf(e);
    String operation = UpCloudClient.operation(e.request());
    if (failure.kind() == Kind.UNAUTHORIZED) {
      if (renewed) {
        throw failure;
      }
      renewed = true;
      LOG.info("UpCloud refused {} (401); repeating it with the renewed token", operation);
      return;
    }
    if (attempt >= policy.maxRetries() || isCreate(e.request())) {
      throw failure;
    }
    Duration delay = delay(e);
    attempt++;
    LOG.warn(
        "UpCloud {} failed ({}), retry {}/{} in {} ms",
        operation,
        e.status() > 0 ? "HTTP " + e.status() : failure.kind(),
        attempt,
        policy.maxRetries(),
        delay.toMillis());
    try {
      policy.time().sleep(delay);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CloudException(
          Kind.IO, "", "interrupted while retrying UpCloud " + operation, interrupted);
    }
  }

  @Override
  public Retryer clone() {
    return new UpCloudRetryer(policy);
  }

  private Duration delay(RetryableException e) {
    Duration backoff = policy.baseDelay().multipliedBy(1L << Math.min(attempt, 16));
    if (e.retryAfter() != null) {
      long millis = e.retryAfter() - policy.time().now().toEpochMilli();
      backoff = Duration.ofMillis(Math.max(0, millis));
    }
    return backoff.compareTo(MAX_DELAY) <= 0 ? backoff : MAX_DELAY;
  }

  /** The decoded answer, or a connection failure described without the request's headers. */
  private static CloudException failureOf(RetryableException e) {
    if (e.getCause() instanceof CloudException decoded) {
      return decoded;
    }
    return new CloudException(
        Kind.IO,
        "",
        "UpCloud request " + UpCloudClient.operation(e.request()) + " failed: " + rootMessage(e),
        e.getCause() != null ? e.getCause() : e);
  }

  private static boolean isCreate(Request request) {
    return request != null && "createServer".equals(UpCloudClient.operation(request));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
