package com.busdk.upcloud.testkit;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.RequesterIdentity;
import java.time.Instant;
import java.util.Optional;

/**
 * A hand-built inbound event for unit tests of handlers and the dispatcher: the payload is a record
 * given up front instead of JSON. {@link #payloadAs} returns it when the type fits, answers {@link
 * RequesterIdentity} from the identity given, and otherwise fails like a bad payload would.
 */
public final class StubBusEvent implements BusEvent {
  private final String id;
  private final String name;
  private final String correlationId;
  private final String envelopeIdentity;
  private final String payloadIdentity;
  private final Object payload;
  private final Instant publishedAt;

  private StubBusEvent(Builder b) {
    this.id = b.id;
    this.name = requireNonNull(b.name, "name is null");
    this.correlationId = b.correlationId;
    this.envelopeIdentity = b.envelopeIdentity;
    this.payloadIdentity = b.payloadIdentity;
    this.payload = b.payload;
    this.publishedAt = b.publishedAt;
  }

  public static Builder named(String name) {
    return new Builder(name);
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
    return Optional.ofNullable(correlationId);
  }

  @Override
  public Optional<String> identityId() {
    return Optional.ofNullable(envelopeIdentity);
  }

  @Override
  public Optional<Instant> publishedAt() {
    return Optional.ofNullable(publishedAt);
  }

  @Override
  public <T> T payloadAs(Class<T> type) {
    if (type == RequesterIdentity.class) {
      return type.cast(new RequesterIdentity(payloadIdentity, null, null, null));
    }
    if (type.isInstance(payload)) {
      return type.cast(payload);
    }
    if (payload == null) {
      try {
        return type.cast(type.getRecordComponents().length == 1 ? emptyRecord(type) : null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new PayloadException("payload is not a valid " + type.getSimpleName());
      }
    }
    throw new PayloadException("payload is not a valid " + type.getSimpleName());
  }

  private static Object emptyRecord(Class<?> type) throws ReflectiveOperationException {
    var component = type.getRecordComponents()[0];
    return type.getDeclaredConstructor(component.getType()).newInstance((Object) null);
  }

  /** Builds a {@link StubBusEvent}. */
  public static final class Builder {
    private String id = "evt_1";
    private final String name;
    private String correlationId;
    private String envelopeIdentity;
    private String payloadIdentity;
    private Object payload;
    private Instant publishedAt;

    private Builder(String name) {
      this.name = name;
    }

    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder correlationId(String value) {
      this.correlationId = value;
      return this;
    }

    public Builder envelopeIdentity(String value) {
      this.envelopeIdentity = value;
      return this;
    }

    /** The {@code identity_id} field of the payload. */
    public Builder identity(String value) {
      this.payloadIdentity = value;
      return this;
    }

    public Builder payload(Object value) {
      this.payload = value;
      return this;
    }

    public Builder publishedAt(Instant value) {
      this.publishedAt = value;
      return this;
    }

    public StubBusEvent build() {
      return new StubBusEvent(this);
    }
  }
}
