package com.busdk.upcloud.ports;

import java.time.Instant;
import java.util.Optional;

/** One inbound event envelope. */
public interface BusEvent {

  /** The id the Events API assigned, for example {@code evt_1780620545346253915}; may be empty. */
  String id();

  String name();

  /**
   * The correlation id read from {@code correlationId}, then {@code correlation_id}, then {@code
   * correlationID}.
   */
  Optional<String> correlationId();

  /** The publisher identity that the Events API stamped on the envelope. */
  Optional<String> identityId();

  /** When the event was published: an envelope timestamp, else the time in an {@code evt_} id. */
  Optional<Instant> publishedAt();

  /**
   * Decodes the payload into a record of this package (snake_case JSON names, unknown fields
   * ignored). A missing or {@code null} payload decodes as an empty object.
   *
   * @throws PayloadException when the payload is not valid for {@code type}; the message says which
   *     field is wrong and is safe to publish
   */
  <T> T payloadAs(Class<T> type);
}
