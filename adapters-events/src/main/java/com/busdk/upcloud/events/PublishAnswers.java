package com.busdk.upcloud.events;

import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.PublishReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/** What the Events API's answer to one publish attempt says, for {@link Publisher}. */
final class PublishAnswers {
  private static final int MAX_ERROR_DETAIL = 160;

  private PublishAnswers() {}

  static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  /** A status after which the event may be stored even though the publish failed. */
  static boolean mayHaveBeenStored(int status) {
    return status != 503 && status != 429 && status != 408;
  }

  /** An I/O failure before the request could have left: nothing can have been stored. */
  static boolean neverSent(IOException e) {
    return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
  }

  /** The receipt of an accepted publish; an answer that cannot be read only costs its id. */
  static PublishReceipt receipt(EventCodec codec, String name, String body) {
    if (body == null || body.isBlank()) {
      return new PublishReceipt("", name);
    }
    try {
      ObjectNode answer = codec.readObject(body);
      JsonNode id = answer.get("id");
      JsonNode answeredName = answer.get("name");
      return new PublishReceipt(
          id != null && id.isTextual() ? id.textValue() : "",
          answeredName != null && answeredName.isTextual() ? answeredName.textValue() : name);
    } catch (IllegalArgumentException e) {
      return new PublishReceipt("", name);
    }
  }

  /** The failure a refused publish stands for. */
  static EventBusException refusal(EventCodec codec, String name, int status, String body) {
    String prefix = "Events API refused publishing " + name + " (" + status + ")";
    if (status == 400) {
      return new EventBusException(
          EventBusException.Kind.BAD_REQUEST, prefix + ": " + errorDetail(codec, body));
    }
    return EventsApiAnswers.authRefusal(prefix, status, name, "events:send")
        .orElseGet(() -> EventsApiAnswers.otherRefusal(prefix, status));
  }

  /** The server's own error message, shortened; it describes our request, never our token. */
  private static String errorDetail(EventCodec codec, String body) {
    try {
      JsonNode message = codec.readObject(body).path("error").path("message");
      if (message.isTextual()) {
        String text = message.textValue();
        return text.length() > MAX_ERROR_DETAIL ? text.substring(0, MAX_ERROR_DETAIL) : text;
      }
    } catch (IllegalArgumentException e) {
      // Not a JSON error body; the status alone has to do.
    }
    return "bad request";
  }
}
