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
  private final String id;
  private final String name;
  private final Optional<String> correlationId;
  private final Optional<String> identityId;
  private final Optional<Instant> publishedAt;
  private final JsonNode payload;
  private final String payloadProblem;
  private final int oversizedLimit;
  private final EventCodec codec;

  JsonBusEvent(
      String id,
      String name,
      Optional<String> correlationId,
      Optional<String> identityId,
      Optional<Instant> publishedAt,
      JsonNode payload,
      String payloadProblem,
      int oversizedLimit,
      EventCodec codec) {
    this.id = requireNonNull(id, "id is null");
    this.name = requireNonNull(name, "name is null");
    this.correlationId = requireNonNull(correlationId, "correlationId is null");
    this.identityId = requireNonNull(identityId, "identityId is null");
    this.publishedAt = requireNonNull(publishedAt, "publishedAt is null");
    if (payload == null && payloadProblem == null && oversizedLimit <= 0) {
      throw new IllegalArgumentException("an event without a payload needs the reason why");
    }
    this.payload = payload;
    this.payloadProblem = payloadProblem;
    this.oversizedLimit = oversizedLimit;
    this.codec = requireNonNull(codec, "codec is null");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> correlationId() {
    return correlationId;
  }

  @Override
  public Optional<String> identityId() {
    return identityId;
  }

  @Override
  public Optional<Instant> publishedAt() {
    return publishedAt;
  }

  @Override
  public <T> T payloadAs(Class<T> type) {
    if (oversizedLimit > 0) {
      throw new EventTooLargeException(oversizedLimit);
    }
    if (payloadProblem != null) {
      throw new PayloadException(payloadProblem);
    }
    return codec.decode(payload, type);
  }

  /** Leaves the payload out: it may carry data that does not belong in logs. */
  @Override
  public String toString() {
    return "BusEvent[id="
        + id
        + ", name="
        + name
        + ", correlationId="
        + correlationId.orElse("")
        + "]";
  }
}
