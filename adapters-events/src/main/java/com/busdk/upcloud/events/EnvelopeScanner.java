package com.busdk.upcloud.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the top-level fields of one envelope with a streaming parser and skips everything else, the
 * payload included, without building it: the way to get an envelope's id, name and correlation id
 * when its payload is beyond what a tree may hold, or when only the start of the line is at hand.
 * Like Jackson's tree reader, the last of duplicate keys wins.
 */
final class EnvelopeScanner {
  static final String PAYLOAD = "payload";
  static final Set<String> TEXT_KEYS =
      Set.of(
          "id",
          "name",
          "correlationId",
          "correlation_id",
          "correlationID",
          "identity_id",
          "time",
          "timestamp",
          "created_at",
          "occurred_at");

  private EnvelopeScanner() {}

  /**
   * What a scan found.
   *
   * @param texts the textual values of {@link #TEXT_KEYS} read before the scan ended
   * @param payloadStart where the payload value starts in the text, or -1
   * @param payloadEnd where the payload value ends (exclusive), or -1 when it was not read whole
   * @param failure why the scan stopped before the end of the object; null when it read it all
   * @param failedInPayload whether that failure came while reading the payload
   */
  record Scan(
      Map<String, String> texts,
      int payloadStart,
      int payloadEnd,
      JsonProcessingException failure,
      boolean failedInPayload) {

    boolean complete() {
      return failure == null;
    }

    boolean hasPayload() {
      return payloadStart >= 0;
    }

    /** The payload's JSON text; only when it was read whole. */
    String payload(String text) {
      return text.substring(payloadStart, payloadEnd);
    }
  }

  /**
   * Scans {@code text} with a parser of {@code factory} (whose read limits decide what can be
   * skipped).
   *
   * @throws IllegalArgumentException when the text does not start a JSON object
   */
  static Scan scan(JsonFactory factory, String text) {
    Map<String, String> texts = new HashMap<>();
    int payloadStart = -1;
    int payloadEnd = -1;
    boolean inPayload = false;
    try (JsonParser parser = factory.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token != JsonToken.FIELD_NAME) {
          throw new IllegalArgumentException("malformed JSON");
        }
        String key = parser.currentName();
        JsonToken value = parser.nextToken();
        if (PAYLOAD.equals(key)) {
          inPayload = true;
          payloadStart = offset(parser.currentTokenLocation().getCharOffset());
          payloadEnd = -1;
          skipValue(parser, value);
          payloadEnd = offset(parser.currentLocation().getCharOffset());
          inPayload = false;
        } else if (TEXT_KEYS.contains(key)) {
          if (value == JsonToken.VALUE_STRING) {
            texts.put(key, parser.getText());
          } else {
            texts.remove(key);
            parser.skipChildren();
          }
        } else {
          skipValue(parser, value);
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("malformed JSON");
      }
      return new Scan(Map.copyOf(texts), payloadStart, payloadEnd, null, false);
    } catch (JsonProcessingException e) {
      return new Scan(Map.copyOf(texts), payloadStart, payloadEnd, e, inPayload);
    } catch (IOException e) {
      throw new IllegalStateException("reading from a string failed", e);
    }
  }

  private static void skipValue(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      parser.skipChildren();
    } else {
      // A string is read lazily; finishing it moves the location past its closing quote.
      parser.finishToken();
    }
  }

  private static int offset(long charOffset) {
    return Math.toIntExact(charOffset);
  }
}
