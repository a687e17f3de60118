package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.RawJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that owns the JSON mapping of the events adapter: snake_case payload fields,
 * unknown fields ignored, nulls left out, and the lenient envelope reading of the protocol (three
 * spellings of the correlation id, four timestamp names, the time inside an {@code evt_} id).
 */
public final class EventCodec {
  private static final List<String> CORRELATION_KEYS =
      List.of("correlationId", "correlation_id", "correlationID");
  private static final List<String> TIME_KEYS =
      List.of("time", "timestamp", "created_at", "occurred_at");

  private final ObjectMapper mapper;

  public EventCodec() {
    this.mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
  }

  /** Writes the publish body {@code {"name","correlationId","payload"}} as one line. */
  public String writeEnvelope(String name, String correlationId, Object payload) {
    requireNonNull(name, "name is null");
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("name", name);
    if (correlationId != null && !correlationId.isEmpty()) {
      envelope.put("correlationId", correlationId);
    }
    envelope.set("payload", toTree(payload));
    return writeLine(envelope);
  }

  /** Maps a payload (record, map, tree) to a JSON tree with snake_case field names. */
  public JsonNode toTree(Object payload) {
    if (payload == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (payload instanceof RawJson raw) {
      // An answer kept as JSON text (the run journal's): published as it was first published.
      try {
        return mapper.readTree(raw.json());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("kept answer is not valid JSON", e);
      }
    }
    try {
      return mapper.valueToTree(payload);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode payload of type " + payload.getClass().getSimpleName(), e);
    }
  }

  /** Writes a tree or value as compact JSON on one line. */
  public String writeLine(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot encode value of type " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Parses one JSON object, for envelopes and answers of the Events API.
   *
   * @throws IllegalArgumentException when the text is not a JSON object; the message never quotes
   *     the text
   */
  public ObjectNode readObject(String json) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return (ObjectNode) node;
  }

  /**
   * Parses an envelope line as delivered on a stream.
   *
   * @param fallbackName the name to use when the envelope has none (the stream's name)
   * @throws IllegalArgumentException when the line is not a JSON object
   */
  public BusEvent parseEnvelope(String line, String fallbackName) {
    ObjectNode envelope = readObject(line);
    String id = text(envelope, "id").orElse("");
    String name = text(envelope, "name").orElse(fallbackName == null ? "" : fallbackName);
    Optional<String> correlationId =
        CORRELATION_KEYS.stream()
            .map(key -> text(envelope, key))
            .flatMap(Optional::stream)
            .filter(value -> !value.isEmpty())
            .findFirst();
    Optional<String> identityId = text(envelope, "identity_id").filter(v -> !v.isEmpty());
    Optional<Instant> publishedAt = timestamp(envelope).or(() -> EventIds.timeOf(id));
    JsonNode payload = envelope.get("payload");
    if (payload == null || payload.isNull()) {
      payload = JsonNodeFactory.instance.objectNode();
    }
    return new JsonBusEvent(id, name, correlationId, identityId, publishedAt, payload, this);
  }

  /**
   * Decodes a payload tree into {@code type}.
   *
   * @throws PayloadException with a short message naming the field at fault
   */
  public <T> T decode(JsonNode payload, Class<T> type) {
    requireNonNull(type, "type is null");
    JsonNode source = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    if (source.isTextual()
        && !CharSequence.class.isAssignableFrom(type)
        && !JsonNode.class.isAssignableFrom(type)
        && type != Object.class) {
      // Some publishers send the payload as JSON text; a typed reader wants the object inside.
      source = reparse(source.textValue());
    }
    try {
      return mapper.treeToValue(source, type);
    } catch (ValueInstantiationException e) {
      throw new PayloadException(ruleViolation(e), e);
    } catch (MismatchedInputException e) {
      throw new PayloadException(path(e) + ": expected " + expected(e.getTargetType()), e);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new PayloadException("payload: invalid value", e);
    }
  }

  /** Decodes a JSON text into {@code type}; malformed JSON is a {@link PayloadException} too. */
  public <T> T decode(String json, Class<T> type) {
    return decode(reparse(json), type);
  }

  private JsonNode reparse(String json) {
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new PayloadException("payload: malformed JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new PayloadException("payload: malformed JSON");
    }
  }

  private static String ruleViolation(ValueInstantiationException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if ((cause instanceof IllegalArgumentException || cause instanceof NullPointerException)
          && cause.getMessage() != null) {
        return cause.getMessage();
      }
    }
    return path(e) + ": invalid value";
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "payload" : path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a different type";
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || type == char.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)
        || type.isRecord()
        || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  private static Optional<String> text(ObjectNode node, String key) {
    JsonNode value = node.get(key);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  private static Optional<Instant> timestamp(ObjectNode envelope) {
    for (String key : TIME_KEYS) {
      Optional<String> value = text(envelope, key);
      if (value.isPresent()) {
        try {
          return Optional.of(OffsetDateTime.parse(value.get()).toInstant());
        } catch (DateTimeParseException e) {
          // A timestamp we cannot read is no reason to drop the event; try the next spelling.
        }
      }
    }
    return Optional.empty();
  }
}
