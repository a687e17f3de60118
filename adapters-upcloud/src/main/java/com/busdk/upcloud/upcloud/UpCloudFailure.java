package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.ports.CloudException;
import java.time.Duration;
import java.util.Optional;

/** A {@link CloudException} that remembers the provider's {@code Retry-After} for the backoff. */
final class UpCloudFailure extends CloudException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  UpCloudFailure(Kind kind, String errorCode, int httpStatus, String message, Duration retryAfter) {
    super(kind, errorCode, httpStatus, message);
    this.retryAfter = retryAfter;
  }

  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
