package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.RawJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that owns the JSON mapping of the events adapter: snake_case payload fields,
 * unknown fields ignored, nulls left out, and the lenient envelope reading of the protocol (three
 * spellings of the correlation id, four timestamp names, the time inside an {@code evt_} id).
 *
 * <p>Read limits are set on purpose rather than left at Jackson's defaults: a payload may nest
 * {@value #MAX_PAYLOAD_DEPTH} levels, hold numbers of {@value #MAX_NUMBER_LENGTH} digits and field
 * names of {@value #MAX_NAME_LENGTH} characters, and strings as long as an event may be. A payload
 * beyond a limit is still valid JSON from a requester who deserves an answer, so it never makes the
 * envelope unreadable: the envelope's own fields are read past it, and {@link BusEvent#payloadAs}
 * reports the limit as a {@link PayloadException}, a {@code bad_request}.
 *
 * <p>Written JSON is plain ASCII wherever a string holds a UTF-16 surrogate: surrogates are written
 * as backslash-u escapes, so a correlation id with a lone surrogate comes back exactly instead of
 * as {@code ?} after UTF-8 encoding.
 */
public final class EventCodec {
  /** How deep a payload may nest, counting the payload's own object or array as one. */
  public static final int MAX_PAYLOAD_DEPTH = 64;

  /** The most digits a number may have (sign excluded). */
  public static final int MAX_NUMBER_LENGTH = 100;

  /** The longest field name, in characters. */
  public static final int MAX_NAME_LENGTH = 1024;

  /** The largest event a stream delivers whole, unless a stream is configured otherwise. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

  /**
   * How deep the envelope reader follows a structure it only skips (like Go's encoding/json). A
   * payload nested deeper still is reported as too deep, but fields after it are not read.
   */
  static final int MAX_SKIP_DEPTH = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(EventCodec.class);
  private static final List<String> CORRELATION_KEYS =
      List.of("correlationId", "correlation_id", "correlationID");
  private static final char REPLACEMENT = '\ufffd';

  private final int maxEventBytes;
  private final ObjectMapper mapper;
  private final ObjectMapper payloadMapper;
  // Reads JSON text this process wrote or was handed to write (a kept answer): the limits that
  // guard against hostile events would refuse a large answer of our own.
  private static final ObjectMapper OWN_TEXT =
      mapper(
          StreamReadConstraints.builder()
              .maxNestingDepth(MAX_SKIP_DEPTH)
              .maxNumberLength(Integer.MAX_VALUE)
              .maxNameLength(Integer.MAX_VALUE)
              .maxStringLength(Integer.MAX_VALUE)
              .build());
  private final JsonFactory skipping;

  /** A codec for events of up to {@link #DEFAULT_MAX_EVENT_BYTES}. */
  public EventCodec() {
    this(DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * A codec for events of up to {@code maxEventBytes}, which also bounds the length of a string.
   */
  public EventCodec(int maxEventBytes) {
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be positive");
    }
    this.maxEventBytes = maxEventBytes;
    // The envelope is one level around the payload.
    this.mapper = mapper(limits(MAX_PAYLOAD_DEPTH + 1, maxEventBytes));
    this.payloadMapper = mapper(limits(MAX_PAYLOAD_DEPTH, maxEventBytes));
    this.skipping =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_SKIP_DEPTH)
                    .maxNumberLength(maxEventBytes)
                    .maxNameLength(maxEventBytes)
                    .maxStringLength(maxEventBytes)
                    .build())
            .build();
  }

  private static StreamReadConstraints limits(int depth, int maxEventBytes) {
    return StreamReadConstraints.builder()
        .maxNestingDepth(depth)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxStringLength(maxEventBytes)
        .build();
  }

  private static ObjectMapper mapper(StreamReadConstraints constraints) {
    return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .addModule(ContainerPayloads.module())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .build();
  }

  /**
   * Reads an envelope's top-level fields without building its payload, following structures up to
   * {@link #MAX_SKIP_DEPTH} deep and values up to this codec's event size.
   *
   * @throws IllegalArgumentException when the text does not start a JSON object
   */
  EnvelopeScanner.Scan scan(String text) {
    return EnvelopeScanner.scan(skipping, text);
  }

  /** The largest event this codec reads whole. */
  public int maxEventBytes() {
    return maxEventBytes;
  }

  /** Writes the publish body {@code {"name","correlationId","payload"}} as one line. */
  public String writeEnvelope(String name, String correlationId, EventPayload payload) {
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
    if (payload instanceof TreePayload tree) {
      return tree.tree();
    }
    if (payload instanceof RawJson raw) {
      // An answer kept as JSON text (the run journal's): published as it was first published.
      try {
        return OWN_TEXT.readTree(raw.json());
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

  /**
   * Writes a tree or value as compact JSON on one line. Through bytes on purpose: Jackson's UTF-8
   * writer escapes surrogates, where its string writer would leave a lone one to be lost later.
   */
  public String writeLine(Object value) {
    try {
      return new String(mapper.writeValueAsBytes(value), UTF_8);
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
    return parseEnvelope(line, fallbackName, false);
  }

  /**
   * Like {@link #parseEnvelope(String, String)} for a line whose bytes were not all valid UTF-8
   * when {@code lossy}: each bad byte became U+FFFD, so a correlation id holding one is not what
   * the requester sent and cannot be echoed. Such an event reports no correlation id, and the
   * dispatcher answers it under its event id as it does any uncorrelated request.
   */
  BusEvent parseEnvelope(String line, String fallbackName, boolean lossy) {
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      if (PayloadErrors.isLimit(e)) {
        return salvage(line, fallbackName, lossy);
      }
      throw new IllegalArgumentException("malformed JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    ObjectNode envelope = (ObjectNode) node;
    Map<String, String> texts = new java.util.HashMap<>();
    envelope
        .properties()
        .forEach(
            field -> {
              if (EnvelopeScanner.TEXT_KEYS.contains(field.getKey())
                  && field.getValue().isTextual()) {
                texts.put(field.getKey(), field.getValue().textValue());
              }
            });
    JsonNode payload = envelope.get("payload");
    if (payload == null || payload.isNull()) {
      payload = JsonNodeFactory.instance.objectNode();
    }
    return event(texts, fallbackName, lossy, payload, null, 0);
  }

  /**
   * The event a line over the stream's limit would have been, read from its first bytes: known only
   * when those bytes name a correlation id, whose requester then gets a {@code bad_request} saying
   * the event was larger than {@code limit} bytes. The rest of the line is never read.
   */
  Optional<BusEvent> parseOversized(String head, boolean lossy, String fallbackName, int limit) {
    EnvelopeScanner.Scan scan;
    try {
      scan = scan(head);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    BusEvent event = event(scan.texts(), fallbackName, lossy, null, null, limit);
    return event.correlationId().isPresent() ? Optional.of(event) : Optional.empty();
  }

  /** The envelope of a line whose payload broke a read limit, read field by field around it. */
  private BusEvent salvage(String line, String fallbackName, boolean lossy) {
    EnvelopeScanner.Scan scan = scan(line);
    if (!scan.complete() && !PayloadErrors.isLimit(scan.failure())) {
      throw new IllegalArgumentException("malformed JSON");
    }
    JsonNode payload = null;
    String problem = null;
    if (scan.failedInPayload()) {
      problem = PayloadErrors.limitBroken(scan.failure(), maxEventBytes);
    } else if (scan.hasPayload() && scan.payloadEnd() >= 0) {
      try {
        payload = payloadMapper.readTree(scan.payload(line));
      } catch (JsonProcessingException e) {
        if (!PayloadErrors.isLimit(e)) {
          throw new IllegalArgumentException("malformed JSON");
        }
        problem = PayloadErrors.limitBroken(e, maxEventBytes);
      }
    } else if (!scan.complete()) {
      problem = "event: nested deeper than " + MAX_SKIP_DEPTH + " levels";
    }
    if (problem == null && (payload == null || payload.isNull())) {
      payload = JsonNodeFactory.instance.objectNode();
    }
    return event(scan.texts(), fallbackName, lossy, payload, problem, 0);
  }

  /** The correlation id among an envelope's text fields, in the protocol's order of spellings. */
  static Optional<String> correlationOf(Map<String, String> texts) {
    return CORRELATION_KEYS.stream()
        .map(texts::get)
        .filter(value -> value != null && !value.isEmpty())
        .findFirst();
  }

  private BusEvent event(
      Map<String, String> texts,
      String fallbackName,
      boolean lossy,
      JsonNode payload,
      String payloadProblem,
      int oversizedLimit) {
    String id = texts.getOrDefault("id", "");
    String name = texts.getOrDefault("name", fallbackName == null ? "" : fallbackName);
    Optional<String> correlationId = correlationOf(texts);
    if (lossy && correlationId.isPresent() && correlationId.get().indexOf(REPLACEMENT) >= 0) {
      LOG.warn(
          "the correlation id of event {} on {} is not valid UTF-8 and cannot be echoed;"
              + " the event counts as uncorrelated",
          id,
          name);
      correlationId = Optional.empty();
    }
    Optional<String> identityId =
        Optional.ofNullable(texts.get("identity_id")).filter(v -> !v.isEmpty());
    Optional<Instant> publishedAt = EventIds.stamped(texts).or(() -> EventIds.timeOf(id));
    return new JsonBusEvent(
        new JsonBusEvent.Header(id, name, correlationId, identityId, publishedAt),
        new JsonBusEvent.Body(payload, payloadProblem, oversizedLimit),
        this);
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
      return payloadMapper.treeToValue(source, type);
    } catch (ValueInstantiationException e) {
      throw new PayloadException(PayloadErrors.ruleViolation(e), e);
    } catch (MismatchedInputException e) {
      throw new PayloadException(PayloadErrors.mismatch(e), e);
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
      JsonNode node = payloadMapper.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new PayloadException("payload: malformed JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new PayloadException(
          PayloadErrors.isLimit(e)
              ? PayloadErrors.limitBroken(e, maxEventBytes)
              : "payload: malformed JSON");
    }
  }
}
