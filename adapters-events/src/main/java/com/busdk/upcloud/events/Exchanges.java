package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading and answering the embedded Events API's HTTP exchanges: queries, names, JSON bodies. */
final class Exchanges {
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final int MAX_NAME_LENGTH = 200;

  private final EventCodec codec;

  Exchanges(EventCodec codec) {
    this.codec = requireNonNull(codec, "codec is null");
  }

  static Optional<String> correlationId(Map<String, String> texts) {
    for (String key : List.of("correlationId", "correlation_id", "correlationID")) {
      String value = texts.get(key);
      if (value != null && !value.isEmpty()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  static boolean validName(String name) {
    return name.length() <= MAX_NAME_LENGTH && EVENT_NAME.matcher(name).matches();
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        values.putIfAbsent(URLDecoder.decode(key, UTF_8), URLDecoder.decode(value, UTF_8));
      } catch (IllegalArgumentException e) {
        values.putIfAbsent(key, "\u0000invalid");
      }
    }
    return values;
  }

  void error(HttpExchange exchange, int status, String type, String message) throws IOException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode error = body.putObject("error");
    error.put("type", type);
    error.put("message", message);
    json(exchange, status, body);
  }

  void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = codec.writeLine(body).getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * The request body as text, or empty after answering 400: JSON is UTF-8 (RFC 8259), so a body
   * that is not is refused, never silently repaired; neither is one over {@code maxBytes}.
   */
  Optional<String> utf8Body(HttpExchange exchange, int maxBytes) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(maxBytes + 1);
    }
    if (body.length > maxBytes) {
      error(exchange, 400, "bad_request", "event is too large");
      return Optional.empty();
    }
    try {
      return Optional.of(
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString());
    } catch (CharacterCodingException e) {
      error(exchange, 400, "bad_request", "body is not valid UTF-8");
      return Optional.empty();
    }
  }
}
