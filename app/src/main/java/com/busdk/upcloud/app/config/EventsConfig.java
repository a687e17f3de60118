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
 * @param listenerRetry reconnect streams after EOF or network failure with bounded backoff
 * @param retryMin first reconnect delay
 * @param retryMax cap of the reconnect delay
 * @param listenerRequired a listener that cannot connect stops the worker
 * @param tokenRefresh retry 401/403 instead of failing fast (the token may be replaced meanwhile)
 */
public record EventsConfig(
    URI eventsUrl,
    Secret apiToken,
    String group,
    String consumer,
    boolean listenerRetry,
    Duration retryMin,
    Duration retryMax,
    boolean listenerRequired,
    boolean tokenRefresh) {

  public EventsConfig {
    Checks.nonBlank(group, "group");
    Checks.nonBlank(consumer, "consumer");
    Checks.positive(retryMin, "retryMin");
    Checks.positive(retryMax, "retryMax");
    if (retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException("retryMax is less than retryMin");
    }
    if (eventsUrl != null) {
      requireNonNull(eventsUrl.getScheme(), "eventsUrl has no scheme");
    }
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }
}
