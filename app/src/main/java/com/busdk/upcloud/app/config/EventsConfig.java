package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * How the worker reaches the Bus Events API.
 *
 * @param eventsUrl {@code --events-url} / {@code BUS_EVENTS_API_URL}; null when unset
 * @param apiToken bearer token from {@code BUS_API_TOKEN} only; null when unset
 * @param group unicast delivery group of the request streams
 * @param consumer this replica's consumer id within the group
 * @param reconnect whether and how fast streams reconnect after EOF or a network failure
 * @param listenerRequired a listener that cannot connect stops the worker
 * @param tokenRefresh retry 401/403 instead of failing fast (the token may be replaced meanwhile)
 */
public record EventsConfig(
    URI eventsUrl,
    Secret apiToken,
    String group,
    String consumer,
    Reconnect reconnect,
    boolean listenerRequired,
    boolean tokenRefresh) {

  public EventsConfig {
    Checks.nonBlank(group, "group");
    Checks.nonBlank(consumer, "consumer");
    requireNonNull(reconnect, "reconnect is null");
    if (eventsUrl != null) {
      requireNonNull(eventsUrl.getScheme(), "eventsUrl has no scheme");
    }
  }

  /**
   * The same settings on another Events API with a token that is given, not read from a file
   * ({@code --local}: the API and its token are this process's own).
   */
  public EventsConfig onEndpoint(URI url, Secret token) {
    return new EventsConfig(
        requireNonNull(url, "url is null"),
        requireNonNull(token, "token is null"),
        group,
        consumer,
        reconnect,
        listenerRequired,
        false);
  }

  /** Shorthand for {@code reconnect().enabled()}. */
  public boolean listenerRetry() {
    return reconnect.enabled();
  }

  /** Shorthand for {@code reconnect().min()}. */
  public Duration retryMin() {
    return reconnect.min();
  }

  /** Shorthand for {@code reconnect().max()}. */
  public Duration retryMax() {
    return reconnect.max();
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }

  /**
   * Stream reconnection with bounded exponential backoff.
   *
   * @param enabled reconnect streams after EOF or a network failure
   * @param min first reconnect delay
   * @param max cap of the reconnect delay
   */
  public record Reconnect(boolean enabled, Duration min, Duration max) {
    public Reconnect {
      Checks.positive(min, "retryMin");
      Checks.positive(max, "retryMax");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("retryMax is less than retryMin");
      }
    }
  }
}
