package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** A parsed envelope whose payload stays a JSON tree until the handler asks for its type. */
final class JsonBusEvent implements BusEvent {
  private final String id;
  private final String name;
  private final Optional<String> correlationId;
  private final Optional<String> identityId;
  private final Optional<Instant> publishedAt;
  private final JsonNode payload;
  private final EventCodec codec;

  JsonBusEvent(
      String id,
      String name,
      Optional<String> correlationId,
      Optional<String> identityId,
      Optional<Instant> publishedAt,
      JsonNode payload,
      EventCodec codec) {
    this.id = requireNonNull(id, "id is null");
    this.name = requireNonNull(name, "name is null");
    this.correlationId = requireNonNull(correlationId, "correlationId is null");
    this.identityId = requireNonNull(identityId, "identityId is null");
    this.publishedAt = requireNonNull(publishedAt, "publishedAt is null");
    this.payload = requireNonNull(payload, "payload is null");
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
    return codec.decode(payload, type);
  }

  JsonNode payload() {
    return payload;
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
