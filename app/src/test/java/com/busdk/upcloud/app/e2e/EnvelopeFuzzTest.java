package com.busdk.upcloud.app.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.events.EventCodec;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.VmRequest;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of the request path: hostile envelopes and payloads (correlation ids that are
 * huge, carry control characters, lone surrogates or bytes that are not UTF-8; payloads nested
 * deep, with huge numbers and names, of the wrong type or not objects at all; missing fields,
 * duplicate keys, events larger than a stream takes) posted to the embedded Events API, read by a
 * real {@code HttpEventBus} and answered by the real {@code RequestDispatcher}. Every request the
 * bus accepted must be answered exactly once, under its correlation id (or its event id when it has
 * none), with the outcome its payload deserves, and the worker must stay healthy.
 *
 * <p>{@code -Dfuzz.count=10000} runs a longer campaign (500 by default); {@code -Dfuzz.seed=N}
 * replays one. The figures are printed to the test's output.
 */
@Timeout(1800)
class EnvelopeFuzzTest {
  private static final int COUNT = Integer.getInteger("fuzz.count", 500);
  private static final long SEED = Long.getLong("fuzz.seed", 20260701L);
  private static final String VM = "bus.vm.status.request";
  private static final String RUN = "bus.containers.run.request";
  private static final int LINE_LIMIT = EventCodec.DEFAULT_MAX_EVENT_BYTES;

  /** What the answer to a request must say, when its payload decides it. */
  private enum Expect {
    OK,
    BAD_REQUEST,
    EITHER
  }

  /** One generated request: its body and what it should bring back. */
  private record Case(int index, String name, byte[] body, Expect expect, String because) {}

  private final Random random = new Random(SEED);
  private final EventCodec codec = new EventCodec();

  @Test
  void everyAcceptedRequestIsAnsweredExactlyOnceAndTheWorkerStaysHealthy() throws Exception {
    Map<BusEventName, RequestHandler> handlers =
        Map.of(
            BusEventName.VM_STATUS,
            request ->
                TestPayloads.json(
                    Map.of("runtime", String.valueOf(request.payload(VmRequest.class).runtime()))),
            BusEventName.CONTAINERS_RUN,
            request ->
                TestPayloads.json(
                    Map.of(
                        "image",
                        String.valueOf(request.payload(ContainerRunRequest.class).image()))));
    long started = System.nanoTime();
    try (DispatchRig rig = new DispatchRig(handlers)) {
      Map<String, Case> acceptedById = new LinkedHashMap<>();
      int refused = 0;
      for (int i = 0; i < COUNT; i++) {
        Case c = generate(i);
        HttpResponse<String> answer = rig.post(c.body());
        if (answer.statusCode() == 202) {
          String id = codec.readObject(answer.body()).get("id").textValue();
          acceptedById.put(id, c);
        } else {
          assertEquals(400, answer.statusCode(), "case " + i + " (" + c.because() + ")");
          refused++;
        }
      }
      Map<String, Case> expected = expectedAnswers(rig, acceptedById);
      rig.awaitAnswered(expected.size());

      Map<String, List<BusEvent>> vm = rig.stored(RequestDispatcher.responseNameOf(VM));
      Map<String, List<BusEvent>> runs = rig.stored(RequestDispatcher.responseNameOf(RUN));
      int exactlyOnce = 0;
      for (Map.Entry<String, Case> entry : expected.entrySet()) {
        Case c = entry.getValue();
        List<BusEvent> answers =
            (c.name().equals(VM) ? vm : runs).getOrDefault(entry.getKey(), List.of());
        assertEquals(1, answers.size(), "answers to case " + c.index() + " (" + c.because() + ")");
        assertOutcome(c, answers.get(0));
        exactlyOnce++;
      }
      int stored = vm.values().stream().mapToInt(List::size).sum();
      stored += runs.values().stream().mapToInt(List::size).sum();
      assertEquals(expected.size(), stored, "no answer nobody asked for");
      for (Subscription stream : rig.streams) {
        assertTrue(stream.isConnected(), stream.name() + " still connected");
      }
      assertEquals(0, rig.dispatcher.inFlight(), "nothing stuck in the dispatcher");
      String last = "{\"name\":\"" + VM + "\",\"correlationId\":\"fz-last\",\"payload\":{}}";
      assertEquals(202, rig.post(last).statusCode());
      rig.awaitAnswered(expected.size() + 1);
      List<BusEvent> lastAnswer = rig.stored(RequestDispatcher.responseNameOf(VM)).get("fz-last");
      assertEquals(1, lastAnswer.size(), "a plain request after the storm is answered");
      assertTrue(lastAnswer.get(0).payloadAs(JsonNode.class).get("error") == null);

      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "fuzz: seed=%d generated=%d accepted=%d refused_by_bus=%d answerable=%d"
              + " answered_exactly_once=%d seconds=%.1f%n",
          SEED, COUNT, acceptedById.size(), refused, expected.size(), exactlyOnce, seconds);
    }
  }

  /**
   * Which answer each accepted request should get, keyed by the correlation id the bus stored, or
   * by the event id when it stored none. A request too large for the stream is answerable only by
   * its correlation id, which it always has here before its payload.
   */
  private static Map<String, Case> expectedAnswers(DispatchRig rig, Map<String, Case> accepted) {
    Map<String, Case> expected = new HashMap<>();
    for (BusEvent request : rig.events.published()) {
      Case c = accepted.get(request.id());
      if (c == null) {
        continue;
      }
      String key = request.correlationId().orElse(request.id());
      if (request.correlationId().isEmpty() && c.because().contains("oversized")) {
        continue;
      }
      assertTrue(expected.put(key, c) == null, "correlation ids are unique: " + key);
    }
    return expected;
  }

  private static void assertOutcome(Case c, BusEvent answer) {
    JsonNode error = answer.payloadAs(JsonNode.class).get("error");
    String what = "case " + c.index() + " (" + c.because() + "): " + error;
    if (error != null) {
      assertEquals("bad_request", error.get("type").textValue(), what);
    }
    switch (c.expect()) {
      case OK -> assertTrue(error == null, what);
      case BAD_REQUEST -> assertTrue(error != null, what);
      case EITHER -> {}
    }
  }

  // ---- the generator ----------------------------------------------------------------------------

  private Case generate(int index) {
    String name = random.nextBoolean() ? VM : RUN;
    String base = name.equals(VM) ? "\"runtime\":\"vm\"" : "\"image\":\"alpine\"";
    StringBuilder because = new StringBuilder();
    Expect expect;
    String payload;
    int kind = random.nextInt(100);
    if (kind < 25) {
      payload = "{" + base + "}";
      expect = Expect.OK;
      because.append("valid");
    } else if (kind < 30) {
      payload = "{" + base + ",\"extra\":" + nested(1 + random.nextInt(62)) + "}";
      expect = Expect.OK;
      because.append("nested within the limit");
    } else if (kind < 38) {
      int depth = 65 + random.nextInt(kind < 37 ? 2000 : 12_000);
      payload = "{" + base + ",\"extra\":" + nested(depth - 1) + "}";
      expect = Expect.BAD_REQUEST;
      because.append("nested ").append(depth);
    } else if (kind < 42) {
      payload = "{" + base + ",\"n\":" + digits(1 + random.nextInt(100)) + "}";
      expect = Expect.OK;
      because.append("number within the limit");
    } else if (kind < 48) {
      payload = "{" + base + ",\"n\":" + digits(101 + random.nextInt(3000)) + "}";
      expect = Expect.BAD_REQUEST;
      because.append("long number");
    } else if (kind < 51) {
      payload = "{" + base + ",\"" + "k".repeat(1 + random.nextInt(1024)) + "\":1}";
      expect = Expect.OK;
      because.append("name within the limit");
    } else if (kind < 56) {
      payload = "{" + base + ",\"" + "k".repeat(1025 + random.nextInt(60_000)) + "\":1}";
      expect = Expect.BAD_REQUEST;
      because.append("long name");
    } else if (kind < 62) {
      payload =
          name.equals(VM)
              ? "{\"runtime\":{\"x\":1}}"
              : "{\"image\":\"a\",\"timeout_seconds\":\"soon\"}";
      expect = Expect.BAD_REQUEST;
      because.append("wrong type");
    } else if (kind < 70) {
      String[] notObjects = {"[1,2]", "\"plain text\"", "42", "true", "[]"};
      payload = notObjects[random.nextInt(notObjects.length)];
      expect = Expect.BAD_REQUEST;
      because.append("not an object: ").append(payload);
    } else if (kind < 76) {
      String[] empty = {"{}", "null", null};
      payload = empty[random.nextInt(empty.length)];
      expect = name.equals(VM) ? Expect.OK : Expect.BAD_REQUEST;
      because.append("empty payload ").append(payload);
    } else if (kind < 80) {
      payload = "{" + base + "," + base + ",\"extra\":1,\"extra\":[2]}";
      expect = Expect.OK;
      because.append("duplicate keys");
    } else if (kind < 84) {
      String text = "{" + base + "}";
      payload = "\"" + text.replace("\"", "\\\"") + "\"";
      expect = Expect.OK;
      because.append("payload as JSON text");
    } else if (kind < 87) {
      payload = "\"" + nested(65 + random.nextInt(300)) + "\"";
      expect = Expect.BAD_REQUEST;
      because.append("deep JSON text");
    } else if (kind < 88) {
      int size = LINE_LIMIT + 64 * 1024 + random.nextInt(256 * 1024);
      payload = "{" + base + ",\"pad\":\"" + "p".repeat(size) + "\"}";
      expect = Expect.BAD_REQUEST;
      because.append("oversized");
    } else {
      payload = "{" + base + ",\"note\":" + jsonString(hostileText(64)) + "}";
      expect = Expect.OK;
      because.append("hostile text in a field");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean correlationFirst = random.nextInt(5) != 0;
    write(body, "{" + gap() + "\"name\":" + gap() + "\"" + name + "\"");
    if (random.nextInt(8) == 0) {
      write(body, ",\"metadata\":" + nested(1 + random.nextInt(3000)));
    }
    if (correlationFirst || because.indexOf("oversized") >= 0) {
      correlation(body, index, because);
    }
    if (payload != null) {
      write(body, "," + gap() + "\"payload\":" + gap() + payload + gap());
    }
    if (!correlationFirst && because.indexOf("oversized") < 0) {
      correlation(body, index, because);
    }
    write(body, "}");
    if (because.indexOf("huge correlation id") >= 0) {
      // Over the 1,024-byte limit: refused, still under the id so the requester can match it.
      expect = Expect.BAD_REQUEST;
    }
    return new Case(index, name, body.toByteArray(), expect, because.toString());
  }

  private void correlation(ByteArrayOutputStream body, int index, StringBuilder because) {
    String unique = "fz-" + index;
    int kind = random.nextInt(100);
    String key = kind < 80 ? "correlationId" : kind < 90 ? "correlation_id" : "correlationID";
    int shape = random.nextInt(100);
    if (shape < 30) {
      write(body, ",\"" + key + "\":\"" + unique + "\"");
    } else if (shape < 40) {
      because.append(", no correlation id");
    } else if (shape < 43) {
      write(body, ",\"" + key + "\":\"\"");
      because.append(", empty correlation id");
    } else if (shape < 53) {
      write(body, ",\"" + key + "\":" + jsonString(unique + hostileText(24)));
      because.append(", hostile correlation id");
    } else if (shape < 58) {
      write(
          body,
          ",\""
              + key
              + "\":"
              + jsonString(unique + "-" + "h".repeat(1100 + random.nextInt(46_900))));
      because.append(", huge correlation id");
    } else if (shape < 63) {
      write(body, ",\"" + key + "\":" + index);
      because.append(", numeric correlation id");
    } else if (shape < 70) {
      write(
          body, ",\"correlationId\":\"first-" + unique + "\",\"correlationId\":\"" + unique + "\"");
      because.append(", duplicate correlation id");
    } else if (shape < 74 && because.indexOf("oversized") < 0) {
      write(body, ",\"" + key + "\":\"" + unique + "-");
      body.write(0xff);
      body.write(0xc3);
      body.write(0x28);
      write(body, "\"");
      because.append(", correlation id not UTF-8");
    } else {
      write(body, ",\"" + key + "\":\"" + unique + "\"");
    }
  }

  /** Control characters, DEL, C1, line separators, lone and paired surrogates, quotes. */
  private String hostileText(int length) {
    String[] pieces = {
      "\n",
      "\r",
      "\t",
      "\u0000",
      "\u001b[31m",
      "\u007f",
      "\u0085",
      "\u2028",
      "\u2029",
      "\ud800",
      "\udc00",
      "\ud83d\ude00",
      "\"",
      "\\",
      "é",
      " ",
      "x"
    };
    StringBuilder text = new StringBuilder("-");
    for (int i = 0; i < length; i++) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }

  /** Whitespace a JSON writer may put between tokens, line breaks included. */
  private String gap() {
    String[] gaps = {"", "", "", " ", "\n", "\r\n\t "};
    return gaps[random.nextInt(gaps.length)];
  }

  private String digits(int count) {
    StringBuilder number = new StringBuilder().append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < count; i++) {
      number.append((char) ('0' + random.nextInt(10)));
    }
    return number.toString();
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /** A JSON string literal: quotes, backslashes and controls escaped, surrogates as escapes. */
  private static String jsonString(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(UTF_8));
  }
}
