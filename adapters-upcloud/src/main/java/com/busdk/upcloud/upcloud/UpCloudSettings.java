package com.busdk.upcloud.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;

/**
 * How to reach UpCloud. {@code baseUrl} includes the API version ({@code
 * https://api.upcloud.com/1.3}); {@code token} is an API token sent as a Bearer credential and is
 * kept out of {@link #toString()}.
 */
public record UpCloudSettings(
    String baseUrl,
    String token,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBaseDelay,
    TimeSource timeSource) {

  public static final String DEFAULT_BASE_URL = "https://api.upcloud.com/1.3";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Start is a blocking call on UpCloud's side (it answers once the server runs). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(500);

  public UpCloudSettings {
    requireNonNull(baseUrl, "baseUrl is null");
    requireNonNull(token, "token is null");
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(requestTimeout, "requestTimeout is null");
    requireNonNull(retryBaseDelay, "retryBaseDelay is null");
    requireNonNull(timeSource, "timeSource is null");
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
    }
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    if (token.isBlank()) {
      throw new IllegalArgumentException("token is blank");
    }
    if (!isPositive(connectTimeout) || !isPositive(requestTimeout)) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
    }
    if (retryBaseDelay.isNegative()) {
      throw new IllegalArgumentException("retryBaseDelay must not be negative");
    }
  }

  /** Settings with the default timeouts and retries and the system clock. */
  public static UpCloudSettings of(String baseUrl, String token) {
    return new UpCloudSettings(
        baseUrl,
        token,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_RETRIES,
        DEFAULT_RETRY_BASE_DELAY,
        TimeSource.system());
  }

  public UpCloudSettings withRetries(int maxRetries, Duration retryBaseDelay, TimeSource time) {
    return new UpCloudSettings(
        baseUrl, token, connectTimeout, requestTimeout, maxRetries, retryBaseDelay, time);
  }

  public UpCloudSettings withTimeouts(Duration connectTimeout, Duration requestTimeout) {
    return new UpCloudSettings(
        baseUrl, token, connectTimeout, requestTimeout, maxRetries, retryBaseDelay, timeSource);
  }

  @Override
  public String toString() {
    return "UpCloudSettings[baseUrl="
        + baseUrl
        + ", token=***, connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxRetries="
        + maxRetries
        + ", retryBaseDelay="
        + retryBaseDelay
        + "]";
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
