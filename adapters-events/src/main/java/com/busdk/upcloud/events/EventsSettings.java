package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How to reach the Bus Events API and how hard to try.
 *
 * @param url the collection URL, a service root or a capability base (see {@link EventsUrl})
 * @param token the bearer token ({@code BUS_API_TOKEN}); never printed
 * @param publishFor how long one publish keeps trying on 5xx, 429 or I/O errors before it gives up
 * @param publishBackoff the pause before the second publish attempt; it doubles per attempt
 * @param retryEnabled whether a stream reconnects after EOF or an I/O error
 * @param retryMin the first reconnect pause
 * @param retryMax the longest reconnect (and publish) pause
 * @param connectTimeout the TCP connect bound for publish and stream requests
 */
public record EventsSettings(
    String url,
    String token,
    Duration publishFor,
    Duration publishBackoff,
    boolean retryEnabled,
    Duration retryMin,
    Duration retryMax,
    Duration connectTimeout) {

  /**
   * Ten minutes, the staleness bound of start and stop requests: an answer later than that answers
   * a request whose caller has given up, while giving up sooner loses an answer to a short outage.
   */
  public static final Duration DEFAULT_PUBLISH_FOR = Duration.ofMinutes(10);

  public static final Duration DEFAULT_PUBLISH_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_RETRY_MIN = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public EventsSettings {
    requireNonNull(url, "url is null");
    requireNonNull(token, "token is null");
    requireNonNull(publishFor, "publishFor is null");
    requireNonNull(publishBackoff, "publishBackoff is null");
    requireNonNull(retryMin, "retryMin is null");
    requireNonNull(retryMax, "retryMax is null");
    requireNonNull(connectTimeout, "connectTimeout is null");
    EventsUrl.normalize(url);
    if (token.isBlank()) {
      throw new IllegalArgumentException("token is blank");
    }
    if (publishFor.isNegative() || publishFor.isZero()) {
      throw new IllegalArgumentException("publishFor must be positive");
    }
    if (publishBackoff.isNegative()) {
      throw new IllegalArgumentException("publishBackoff is negative");
    }
    if (retryMin.isNegative() || retryMin.isZero()) {
      throw new IllegalArgumentException("retryMin must be positive");
    }
    if (retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException("retryMax is shorter than retryMin");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
  }

  /**
   * The documented defaults: publish for up to 10 minutes, reconnect on, 1 s to 30 s, connect 10 s.
   */
  public static EventsSettings of(String url, String token) {
    return new EventsSettings(
        url,
        token,
        DEFAULT_PUBLISH_FOR,
        DEFAULT_PUBLISH_BACKOFF,
        true,
        DEFAULT_RETRY_MIN,
        DEFAULT_RETRY_MAX,
        DEFAULT_CONNECT_TIMEOUT);
  }

  /** The collection URI this configuration addresses. */
  public java.net.URI collection() {
    return EventsUrl.normalize(url);
  }

  @Override
  public String toString() {
    return "EventsSettings[url="
        + url
        + ", token=***, publishFor="
        + publishFor
        + ", publishBackoff="
        + publishBackoff
        + ", retryEnabled="
        + retryEnabled
        + ", retryMin="
        + retryMin
        + ", retryMax="
        + retryMax
        + ", connectTimeout="
        + connectTimeout
        + "]";
  }
}
