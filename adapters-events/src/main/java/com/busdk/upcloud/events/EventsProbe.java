package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.EventBusException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A read-only look at the Events API with a bus's own client, collection URL and token: one {@code
 * GET <collection>/stream?name=<name>&follow=false}, which opens, replays nothing and ends, so it
 * consumes no queued event. Refusals are classified as the bus classifies its streams'. Get one
 * from {@link HttpEventBus#probe()}.
 */
public final class EventsProbe {
  private final URI collection;
  private final HttpClient client;
  private final EventsToken tokens;

  EventsProbe(URI collection, HttpClient client, EventsToken tokens) {
    this.collection = requireNonNull(collection, "collection is null");
    this.client = requireNonNull(client, "client is null");
    this.tokens = requireNonNull(tokens, "tokens is null");
  }

  /** The collection the probe asks. */
  public URI collection() {
    return collection;
  }

  /**
   * Asks for a stream of {@code name} without following it and returns once the Events API has
   * accepted it.
   *
   * @param timeout bounds the request once connected; the bus's connect timeout bounds connecting
   * @throws EventBusException {@code UNAUTHORIZED} on 401, {@code FORBIDDEN} (naming the scope) on
   *     403, {@code UNAVAILABLE} on a status that may pass, {@code BAD_REQUEST} on any other, and
   *     {@code IO} when the Events API cannot be reached or the wait is interrupted
   */
  public void stream(String name, Duration timeout) {
    requireNonNull(name, "name is null");
    requireNonNull(timeout, "timeout is null");
    HttpRequest request = EventsUrl.readOnce(collection, name, "", tokens.current(), timeout);
    int status;
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      // Nothing of the answer is needed: closing it ends the request at once.
      response.body().close();
      status = response.statusCode();
    } catch (IOException e) {
      throw new EventBusException(
          EventBusException.Kind.IO,
          "cannot reach " + collection + ": " + e.getClass().getSimpleName(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException(
          EventBusException.Kind.IO, "probing the " + name + " stream was interrupted", e);
    }
    if (status != 200) {
      String prefix = "Events API refused the stream for " + name + " (" + status + ")";
      throw EventsApiAnswers.authRefusal(prefix, status, name, "events:listen")
          .orElseGet(() -> EventsApiAnswers.otherRefusal(prefix, status));
    }
  }

  @Override
  public String toString() {
    return "EventsProbe[" + collection + "]";
  }
}
