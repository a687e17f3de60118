package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.VmRequest;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read limits of envelopes and payloads: valid JSON beyond a limit is a bad request naming the
 * limit, never an unreadable line, and the envelope around it stays readable so the requester can
 * be answered.
 */
class EnvelopeLimitsTest {
  private final EventCodec codec = new EventCodec();

  @Test
  void aNumberOfExactlyTheLimitPassesAndOneDigitMoreIsABadRequest() {
    String atLimit = "7".repeat(EventCodec.MAX_NUMBER_LENGTH);
    assertEquals(
        atLimit, request("{\"n\":" + atLimit + "}").payloadAs(JsonNode.class).get("n").asText());

    BusEvent over = request("{\"n\":" + atLimit + "7}");
    assertEquals("c-1", over.correlationId().orElseThrow());
    assertBadRequest(over, "payload: a number longer than 100 digits");
  }

  @Test
  void aPayloadNestedExactlyToTheLimitPassesAndOneLevelMoreIsABadRequest() {
    BusEvent atLimit = request(nested(EventCodec.MAX_PAYLOAD_DEPTH));
    assertTrue(atLimit.payloadAs(JsonNode.class).isArray());

    BusEvent over = request(nested(EventCodec.MAX_PAYLOAD_DEPTH + 1));
    assertEquals("c-1", over.correlationId().orElseThrow());
    assertEquals("evt_1", over.id());
    assertEquals("bus.vm.status.request", over.name());
    assertBadRequest(over, "payload: nested deeper than 64 levels");
  }

  @Test
  void aFieldNameOfExactlyTheLimitPassesAndOneCharacterMoreIsABadRequest() {
    String atLimit = "k".repeat(EventCodec.MAX_NAME_LENGTH);
    assertTrue(
        request("{\"" + atLimit + "\":1}").payloadAs(JsonNode.class).has(atLimit), "at the limit");

    BusEvent over = request("{\"" + atLimit + "k\":1}");
    assertEquals("c-1", over.correlationId().orElseThrow());
    assertBadRequest(over, "payload: a field name longer than 1024 characters");
  }

  @Test
  void theThreeReprosBeyondJacksonsDefaultsAreReadableRequestsWithABadPayload() {
    String digits = "1" + "0".repeat(1000);
    String key = "k".repeat(50_001);
    assertBadRequest(request("{\"n\":" + digits + "}"), "payload: a number longer than 100 digits");
    assertBadRequest(
        request("{\"" + key + "\":1}"), "payload: a field name longer than 1024 characters");
    assertBadRequest(request(nested(1001)), "payload: nested deeper than 64 levels");
  }

  @Test
  void aPayloadNestedFarBeyondWhatIsSkippedStillKeepsTheFieldsReadBeforeIt() {
    BusEvent event = request(nested(50_000));
    assertEquals("c-1", event.correlationId().orElseThrow());
    assertBadRequest(event, "payload: nested deeper than 64 levels");
  }

  @Test
  void aLimitBrokenOutsideThePayloadDoesNotSpoilThePayload() {
    BusEvent event =
        codec.parseEnvelope(
            "{\"id\":\"evt_1\",\"metadata\":"
                + nested(200)
                + ",\"correlationId\":\"c-2\",\"huge\":"
                + "9".repeat(5000)
                + ",\"payload\":{\"runtime\":\"vm\"}}",
            "bus.vm.status.request");
    assertEquals("c-2", event.correlationId().orElseThrow());
    assertEquals("vm", event.payloadAs(VmRequest.class).runtime());
  }

  @Test
  void aCorrelationIdAfterABadPayloadIsStillRead() {
    BusEvent event =
        codec.parseEnvelope(
            "{\"payload\":{\"n\":" + "5".repeat(300) + "},\"correlationId\":\"late\"}", "x");
    assertEquals("late", event.correlationId().orElseThrow());
    assertBadRequest(event, "payload: a number longer than 100 digits");
  }

  @Test
  void aPayloadSentAsJsonTextObeysTheSameLimits() {
    String text = nested(EventCodec.MAX_PAYLOAD_DEPTH + 1).replace("\"", "\\\"");
    BusEvent event = codec.parseEnvelope("{\"payload\":\"" + text + "\"}", "x");
    assertBadRequest(event, "payload: nested deeper than 64 levels");
  }

  @Test
  void duplicateKeysKeepTheLastValueLikeTheTreeReader() {
    BusEvent fast =
        codec.parseEnvelope(
            "{\"correlationId\":\"first\",\"correlationId\":\"second\",\"payload\":{}}", "x");
    BusEvent salvaged =
        codec.parseEnvelope(
            "{\"correlationId\":\"first\",\"correlationId\":\"second\",\"payload\":"
                + nested(100)
                + "}",
            "x");
    assertEquals("second", fast.correlationId().orElseThrow());
    assertEquals("second", salvaged.correlationId().orElseThrow());
  }

  @Test
  void aLoneSurrogateInTheCorrelationIdIsWrittenAsAnEscapeAndReadBackExactly() {
    String id = "lim-surrogate-\ud800-x";
    String line = codec.writeEnvelope("bus.vm.status.response", id, TestPayloads.json(Map.of()));
    assertTrue(line.contains("lim-surrogate-\\uD800-x"), line);
    String overTheWire = new String(line.getBytes(UTF_8), UTF_8);
    assertEquals(id, codec.parseEnvelope(overTheWire, "x").correlationId().orElseThrow());
  }

  @Test
  void aCorrelationIdThatWasNotValidUtf8IsNotUsable() {
    String decodedWithReplacement =
        "{\"id\":\"evt_5\",\"correlationId\":\"bad-\ufffd-id\",\"payload\":{}}";
    BusEvent lossy = codec.parseEnvelope(decodedWithReplacement, "x", true);
    assertTrue(lossy.correlationId().isEmpty(), "cannot be echoed, so not used");
    assertEquals("evt_5", lossy.id());

    BusEvent honest = codec.parseEnvelope(decodedWithReplacement, "x", false);
    assertEquals("bad-\ufffd-id", honest.correlationId().orElseThrow(), "a real U+FFFD is kept");
  }

  @Test
  void theStartOfAnOversizedLineYieldsARequestThatIsABadRequest() {
    String head =
        "{\"id\":\"evt_7\",\"name\":\"bus.vm.status.request\",\"correlationId\":\"big-1\","
            + "\"payload\":{\"pad\":\"aaaaaaaaaa";
    BusEvent event = codec.parseOversized(head, false, "fallback", 1024).orElseThrow();
    assertEquals("big-1", event.correlationId().orElseThrow());
    assertEquals("evt_7", event.id());
    assertEquals("bus.vm.status.request", event.name());
    assertBadRequest(event, "event larger than 1024 bytes");

    assertTrue(
        codec.parseOversized("{\"id\":\"evt_8\",\"payload\":{\"pad", false, "x", 1024).isEmpty(),
        "without a correlation id there is nobody to answer");
    assertTrue(
        codec.parseOversized("{\"correlationId\":\"cut-in-the-mid", false, "x", 1024).isEmpty(),
        "a correlation id cut off by the limit is not guessed");
  }

  @Test
  void malformedJsonIsStillRejectedWhole() {
    assertThrows(
        IllegalArgumentException.class,
        () -> codec.parseEnvelope("{\"payload\":" + nested(100) + ",\"x\":}", "x"));
  }

  private BusEvent request(String payload) {
    return codec.parseEnvelope(
        "{\"id\":\"evt_1\",\"name\":\"bus.vm.status.request\",\"correlationId\":\"c-1\","
            + "\"payload\":"
            + payload
            + "}",
        "bus.vm.status.request");
  }

  private static void assertBadRequest(BusEvent event, String message) {
    PayloadException failure =
        assertThrows(PayloadException.class, () -> event.payloadAs(VmRequest.class));
    assertEquals(message, failure.getMessage());
    assertFalse(failure.getMessage().contains("StreamReadConstraints"), failure.getMessage());
  }

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }
}
