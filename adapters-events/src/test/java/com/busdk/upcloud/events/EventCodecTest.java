package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.ContainerDeleteResponse;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.StatusResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  private final EventCodec codec = new EventCodec();

  @Test
  void writesStatusDetailsInSnakeCaseLeavingOutWhatIsUnknown() {
    StatusDetails present =
        StatusDetails.of("started", "uuid-1", "vm-1")
            .withPlace("vm-1.example", "")
            .withExists(true);
    String line =
        codec.writeLine(
            codec.toTree(new StatusResponse(new StatusPayload("ready", "upcloud", present))));
    assertEquals(
        "{\"status\":{\"state\":\"ready\",\"provider\":\"upcloud\",\"details\":"
            + "{\"upcloud_state\":\"started\",\"server\":\"uuid-1\",\"name\":\"vm-1\","
            + "\"hostname\":\"vm-1.example\",\"exists\":true}}}",
        line);
    String absent =
        codec.writeLine(
            codec.toTree(
                new StatusResponse(
                    new StatusPayload("stopped", "upcloud", StatusDetails.absent("runner")))));
    assertTrue(absent.contains("\"details\":{\"name\":\"runner\",\"exists\":false}"), absent);
  }

  @Test
  void readsCorrelationIdInThePreferredOrder() {
    assertEquals(
        "camel",
        parse("{\"correlationId\":\"camel\",\"correlation_id\":\"snake\",\"correlationID\":\"x\"}")
            .correlationId()
            .orElseThrow());
    assertEquals(
        "snake",
        parse("{\"correlation_id\":\"snake\",\"correlationID\":\"upper\"}")
            .correlationId()
            .orElseThrow());
    assertEquals("upper", parse("{\"correlationID\":\"upper\"}").correlationId().orElseThrow());
    assertTrue(parse("{\"name\":\"a.b\"}").correlationId().isEmpty());
  }

  @Test
  void readsEnvelopeFieldsAndFallsBackToTheStreamName() {
    BusEvent event =
        parse(
            "{\"id\":\"evt_1\",\"name\":\"bus.vm.status.request\",\"identity_id\":\"acct-1\","
                + "\"payload\":{\"runtime\":\"vm\"},\"metadata\":{\"bus.environment.id\":\"x\"}}");
    assertEquals("evt_1", event.id());
    assertEquals("bus.vm.status.request", event.name());
    assertEquals("acct-1", event.identityId().orElseThrow());
    assertEquals("fallback", codec.parseEnvelope("{}", "fallback").name());
  }

  @Test
  void readsEachTimestampSpellingAndFallsBackToTheIdTime() {
    for (String key : List.of("time", "timestamp", "created_at", "occurred_at")) {
      assertEquals(
          Instant.parse("2026-06-05T00:49:05.5Z"),
          parse("{\"" + key + "\":\"2026-06-05T02:49:05.5+02:00\"}").publishedAt().orElseThrow(),
          key);
    }
    assertEquals(
        Instant.parse("2026-06-05T00:49:05.346253915Z"),
        parse("{\"id\":\"evt_1780620545346253915\",\"time\":\"yesterday\"}")
            .publishedAt()
            .orElseThrow());
    assertTrue(parse("{\"id\":\"other-id\"}").publishedAt().isEmpty());
  }

  @Test
  void missingOrNullPayloadDecodesAsEmptyObject() {
    assertEquals(
        new ContainerRunRequestShape(null), parse("{}").payloadAs(ContainerRunRequestShape.class));
    assertEquals(
        Map.of(), parse("{\"payload\":null}").payloadAs(Map.class), "null payload is an object");
  }

  @Test
  void rejectsLinesThatAreNotJsonObjects() {
    assertThrows(IllegalArgumentException.class, () -> codec.parseEnvelope("[1,2]", "n"));
    IllegalArgumentException malformed =
        assertThrows(IllegalArgumentException.class, () -> codec.parseEnvelope("{\"secret", "n"));
    assertFalse(malformed.getMessage().contains("secret"), "the line is not quoted");
  }

  @Test
  void wrongTypeNamesTheFieldInSnakeCase() {
    PayloadException failure =
        assertThrows(
            PayloadException.class,
            () ->
                parse("{\"payload\":{\"profile\":\"codex\",\"timeout_seconds\":\"soon\"}}")
                    .payloadAs(ContainerRunRequest.class));
    assertEquals("timeout_seconds: expected a number", failure.getMessage());
  }

  @Test
  void wrongTypeInANestedListNamesThePath() {
    PayloadException failure =
        assertThrows(
            PayloadException.class,
            () ->
                parse(
                        "{\"payload\":{\"script\":\"true\",\"timeout_seconds\":5,"
                            + "\"targets\":[{\"host\":\"h\",\"port\":\"twenty-two\"}]}}")
                    .payloadAs(ScriptRequest.class));
    assertEquals("targets[0].port: expected a number", failure.getMessage());
  }

  @Test
  void ruleViolationOfTheRecordIsTheMessage() {
    PayloadException failure =
        assertThrows(
            PayloadException.class,
            () ->
                parse("{\"payload\":{\"image\":\"alpine\",\"mounts\":[{\"source\":\"/\"}]}}")
                    .payloadAs(ContainerRunRequest.class));
    assertEquals("unsupported mounts", failure.getMessage());

    PayloadException missing =
        assertThrows(
            PayloadException.class,
            () -> parse("{\"payload\":{\"provider\":\"upcloud\"}}").payloadAs(StatusPayload.class));
    assertEquals("state is null", missing.getMessage());
  }

  @Test
  void arrayWhereAnObjectBelongsIsReported() {
    PayloadException failure =
        assertThrows(
            PayloadException.class,
            () -> parse("{\"payload\":[1]}").payloadAs(ContainerRunRequest.class));
    assertEquals("payload: expected an object", failure.getMessage());
  }

  @Test
  void payloadSentAsJsonTextIsReadAndMalformedTextReported() {
    ContainerRunRequest request =
        parse("{\"payload\":\"{\\\"profile\\\":\\\"codex\\\"}\"}")
            .payloadAs(ContainerRunRequest.class);
    assertEquals("codex", request.profile());
    PayloadException failure =
        assertThrows(
            PayloadException.class,
            () -> parse("{\"payload\":\"{not json\"}").payloadAs(ContainerRunRequest.class));
    assertEquals("payload: malformed JSON", failure.getMessage());
    assertEquals(
        "plain text", parse("{\"payload\":\"plain text\"}").payloadAs(JsonNode.class).textValue());
  }

  @Test
  void writesTheEnvelopeWithSnakeCasePayloadAndNoNulls() {
    String line =
        codec.writeEnvelope(
            "bus.containers.delete.response",
            "c-1",
            new ContainerDeleteResponse(true, "run_1", null));
    JsonNode envelope = codec.readObject(line);
    assertEquals("bus.containers.delete.response", envelope.get("name").textValue());
    assertEquals("c-1", envelope.get("correlationId").textValue());
    assertEquals("run_1", envelope.get("payload").get("run_id").textValue());
    assertFalse(envelope.get("payload").has("owner_identity_id"));
    assertFalse(line.contains("\n"));
    assertEquals(3, envelope.size(), "only name, correlationId and payload: " + line);
  }

  @Test
  void envelopeWithoutCorrelationOrPayloadStillHasAnObjectPayload() {
    JsonNode envelope = codec.readObject(codec.writeEnvelope("example.ping", null, null));
    assertFalse(envelope.has("correlationId"));
    assertTrue(envelope.get("payload").isObject());
  }

  @Test
  void eventToStringLeavesThePayloadOut() {
    BusEvent event = parse("{\"id\":\"evt_9\",\"payload\":{\"password\":\"hunter2\"}}");
    assertFalse(event.toString().contains("hunter2"));
    assertTrue(event.toString().contains("evt_9"));
  }

  private BusEvent parse(String line) {
    return codec.parseEnvelope(line, "test.event");
  }

  /** A record whose only field is optional. */
  record ContainerRunRequestShape(String profile) {}
}
