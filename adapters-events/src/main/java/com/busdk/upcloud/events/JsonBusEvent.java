package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.PayloadException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A parsed envelope whose payload stays a JSON tree until the handler asks for its type. When the
 * payload could not be read (it broke a read limit, or the whole event was larger than its stream
 * takes), the envelope is still an event, and asking for the payload is the {@code bad_request}.
 */
final class JsonBusEvent implements BusEvent {
  private final Header header;
  private final Body body;
  private final EventCodec codec;

  /** The envelope's fields other than the payload. */
  record Header(
      String id,
      String name,
      Optional<String> correlationId,
      Optional<String> identityId,
      Optional<Instant> publishedAt) {
    Header {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(correlationId, "correlationId is null");
      requireNonNull(identityId, "identityId is null");
      requireNonNull(publishedAt, "publishedAt is null");
    }
  }

  /**
   * The payload as read: a tree, or why there is none ({@code problem}, a broken read limit, or
   * {@code oversizedLimit}, the stream's line limit that the whole event passed).
   */
  record Body(JsonNode payload, String problem, int oversizedLimit) {
    Body {
      if (payload == null && problem == null && oversizedLimit <= 0) {
        throw new IllegalArgumentException("an event without a payload needs the reason why");
      }
    }
  }

  JsonBusEvent(Header header, Body body, EventCodec codec) {
    this.header = requireNonNull(header, "header is null");
    this.body = requireNonNull(body, "body is null");
    this.codec = requireNonNull(codec, "codec is null");
  }

  @Override
  public String id() {
    return header.id();
  }

  @Override
  public String name() {
    return header.name();
  }

  @Override
  public Optional<String> correlationId() {
    return header.correlationId();
  }

  @Override
  public Optional<String> identityId() {
    return header.identityId();
  }

  @Override
  public Optional<Instant> publishedAt() {
    return header.publishedAt();
  }

  @Override
  public <T> T payloadAs(Class<T> type) {
    if (body.oversizedLimit() > 0) {
      throw new EventTooLargeException(body.oversizedLimit());
    }
    if (body.problem() != null) {
      throw new PayloadException(body.problem());
    }
    return codec.decode(body.payload(), type);
  }

  /** Leaves the payload out: it may carry data that does not belong in logs. */
  @Override
  public String toString() {
    return "BusEvent[id="
        + header.id()
        + ", name="
        + header.name()
        + ", correlationId="
        + header.correlationId().orElse("")
        + "]";
  }
}
