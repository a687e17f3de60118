package com.busdk.upcloud.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Events URL rule of the design: operators pass the collection URL, a service root or a {@code
 * bus api serve} capability base, and all of them mean the same collection.
 */
public final class EventsUrl {
  static final String COLLECTION_PATH = "/api/v1/events";

  private EventsUrl() {}

  /**
   * Returns the collection URI: trailing slashes trimmed, {@code /api/v1/events} appended unless
   * the path already ends with it.
   *
   * @throws IllegalArgumentException when the value is not an absolute http(s) URL
   */
  public static URI normalize(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("events URL is empty");
    }
    String trimmed = url.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("events URL is not a valid URL");
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("events URL must be an absolute http or https URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("events URL must not have a query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return path.endsWith(COLLECTION_PATH) ? uri : URI.create(trimmed + COLLECTION_PATH);
  }

  /** The NDJSON stream endpoint below a collection. */
  static URI stream(URI collection) {
    return URI.create(collection + "/stream");
  }

  /**
   * A one-off read of the stream of {@code name} (no follow) with {@code extraQuery} appended
   * (empty or starting with '&'), under the bearer token {@code token}.
   */
  static HttpRequest readOnce(
      URI collection, String name, String extraQuery, String token, Duration timeout) {
    URI uri =
        URI.create(
            stream(collection)
                + "?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + extraQuery
                + "&follow=false");
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/x-ndjson")
        .GET()
        .build();
  }
}
