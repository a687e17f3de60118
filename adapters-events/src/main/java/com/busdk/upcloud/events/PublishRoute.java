package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/events} of the embedded Events API: checks the token, the body and the scope,
 * stamps the event with an id, the sender and a time, and hands the line to the server.
 */
final class PublishRoute {
  private final EmbeddedEventsServer server;
  private final LocalTokens tokens;
  private final Exchanges exchanges;
  private final EventCodec codec;

  PublishRoute(
      EmbeddedEventsServer server, LocalTokens tokens, Exchanges exchanges, EventCodec codec) {
    this.server = requireNonNull(server, "server is null");
    this.tokens = requireNonNull(tokens, "tokens is null");
    this.exchanges = requireNonNull(exchanges, "exchanges is null");
    this.codec = requireNonNull(codec, "codec is null");
  }

  void handle(HttpExchange exchange) throws IOException {
    Optional<Map<String, Object>> claims = tokens.authenticate(exchange, exchanges);
    if (claims.isEmpty()) {
      return;
    }
    if (server.failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      exchanges.error(exchange, server.failureStatus, "unavailable", "injected failure");
      return;
    }
    Optional<String> body = exchanges.utf8Body(exchange, EmbeddedEventsServer.MAX_BODY_BYTES);
    if (body.isEmpty()) {
      return;
    }
    String text = body.get();
    EnvelopeScanner.Scan envelope;
    try {
      envelope = codec.scan(text);
    } catch (IllegalArgumentException e) {
      exchanges.error(exchange, 400, "bad_request", "body is not a JSON object");
      return;
    }
    if (!envelope.complete()) {
      exchanges.error(
          exchange,
          400,
          "bad_request",
          "body is not valid JSON, or nests deeper than " + EventCodec.MAX_SKIP_DEPTH + " levels");
      return;
    }
    String name = envelope.texts().getOrDefault("name", "");
    if (!Exchanges.validName(name)) {
      exchanges.error(exchange, 400, "bad_request", "invalid event name");
      return;
    }
    String scope = EventsApiAnswers.scopeFor(name, "events:send");
    if (!LocalTokens.scopes(claims.get()).contains(scope)) {
      exchanges.error(exchange, 403, "forbidden", "token lacks scope " + scope + " for " + name);
      return;
    }
    String id = EventIds.next();
    ObjectNode delivered = JsonNodeFactory.instance.objectNode();
    delivered.put("id", id);
    delivered.put("name", name);
    Exchanges.correlationId(envelope.texts())
        .ifPresent(value -> delivered.put("correlationId", value));
    delivered.put("identity_id", (String) claims.get().get("sub"));
    delivered.put("time", Instant.now().toString());
    // The payload is relayed as sent, never rebuilt: what arrives is what the publisher wrote,
    // however deep or long its values. Line breaks outside strings are only whitespace there.
    delivered.putRawValue(
        "payload",
        new RawValue(
            envelope.hasPayload()
                ? envelope.payload(text).replace('\n', ' ').replace('\r', ' ')
                : "{}"));
    String line = codec.writeLine(delivered);
    server.store(name, line);
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("accepted", true);
    answer.put("id", id);
    answer.put("name", name);
    exchanges.json(exchange, 202, answer);
  }
}
