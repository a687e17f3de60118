package com.busdk.upcloud.app.cli;

import static com.busdk.upcloud.app.cli.CheckResult.fail;
import static com.busdk.upcloud.app.cli.CheckResult.ok;
import static com.busdk.upcloud.app.cli.CheckResult.shorten;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.EventsConfig;
import com.busdk.upcloud.events.EventsUrl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * That the Events API accepts the token: one non-following stream request, which opens, replays
 * nothing and ends, consuming no event.
 *
 * <p>The events adapter ({@code HttpEventBus}) offers no such read-only probe, so this check makes
 * the one request itself; once the adapter has one, this class should use it.
 */
final class EventsApiCheck {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_ERROR_BODY = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventsConfig events;

  EventsApiCheck(EventsConfig events) {
    this.events = requireNonNull(events, "events is null");
  }

  CheckResult probe(String eventName) {
    URI collection = EventsUrl.normalize(events.eventsUrl().toString());
    URI stream =
        URI.create(
            collection + "/stream?name=" + URLEncoder.encode(eventName, UTF_8) + "&follow=false");
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(stream)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + events.apiToken().reveal())
            .header("Accept", "application/x-ndjson")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        return answer(collection, eventName, response.statusCode(), body);
      }
    } catch (IOException e) {
      return fail("events api", "cannot reach " + collection + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("events api", "interrupted");
    }
  }

  private static CheckResult answer(URI collection, String eventName, int status, InputStream body)
      throws IOException {
    if (status == 200) {
      return ok("events api", collection + " accepted the token for a " + eventName + " stream");
    }
    String detail = serverMessage(body).map(m -> ": " + m).orElse("");
    if (status == 401 || status == 403) {
      return fail(
          "events api",
          "Events API refused the stream for " + eventName + " (" + status + ")" + detail);
    }
    return fail(
        "events api",
        collection + " answered HTTP " + status + " for a " + eventName + " stream" + detail);
  }

  /** The server's {@code error.message}, which describes the request, never the token. */
  private static Optional<String> serverMessage(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
    try {
      JsonNode message = JSON.readTree(new String(bytes, UTF_8)).path("error").path("message");
      if (message.isTextual() && !message.textValue().isBlank()) {
        return Optional.of(shorten(message.textValue()));
      }
    } catch (IOException e) {
      // Not a JSON error body; the status alone has to do.
    }
    return Optional.empty();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : " " + shorten(message));
  }
}
