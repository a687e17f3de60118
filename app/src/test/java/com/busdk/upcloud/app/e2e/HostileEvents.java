package com.busdk.upcloud.app.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.ErrorType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Seeded hostile request events for one worker that serves both the VM and the container requests:
 * fields at and over every size limit of the README's "Reliability" section, wrong types, missing
 * fields, payloads that are not objects, malformed JSON, deep nesting, huge numbers, odd
 * correlation ids (control characters, surrogate pairs, other spellings, none at all), unknown
 * profiles, mounts, stale envelopes and lines too long for the stream. Each event knows what its
 * answer must be.
 */
final class HostileEvents {
  static final String VM_STATUS = "bus.vm.status.request";
  static final String VM_START = "bus.vm.start.request";
  static final String VM_STOP = "bus.vm.stop.request";
  static final String STATUS = "bus.containers.status.request";
  static final String RUN = "bus.containers.run.request";
  static final String DELETE = "bus.containers.delete.request";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> ERROR_TYPES =
      Arrays.stream(ErrorType.values()).map(ErrorType::wire).collect(Collectors.toSet());

  /** The longest error message a hostile request may get back: its value is echoed cut short. */
  static final int MAX_MESSAGE = 512;

  /**
   * One event: what it is, the stream it goes to and its exact bytes. {@code answerId} is the
   * correlation id it must be answered under exactly once; {@code null} when it need not be
   * answered (a line no parser can read, or too long for the stream), and then {@code mayAnswer}
   * names the id it may get at most one answer under, and {@code uncorrelated} says it may be
   * answered under a generated id instead.
   */
  record Case(
      String kind,
      String stream,
      byte[] line,
      String answerId,
      String mayAnswer,
      boolean uncorrelated,
      BiConsumer<String, JsonNode> check) {
    static Case answered(
        String kind, String stream, byte[] line, String id, BiConsumer<String, JsonNode> check) {
      return new Case(kind, stream, line, id, null, false, check);
    }
  }

  private final Random random;
  private final List<Case> cases = new ArrayList<>();
  private int n;

  private HostileEvents(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} seeded events; the same seed gives the same bytes. */
  static List<Case> generate(long seed, int count) {
    HostileEvents events = new HostileEvents(seed);
    while (events.cases.size() < count) {
      events.next();
    }
    return List.copyOf(events.cases.subList(0, count));
  }

  private void next() {
    n++;
    if (n % 2500 == 1000) {
      tooLongForTheStream();
      return;
    }
    int pick = random.nextInt(100);
    if (pick < 20) {
      fieldLimit();
    } else if (pick < 30) {
      wrongType();
    } else if (pick < 38) {
      missingField();
    } else if (pick < 45) {
      payloadShape();
    } else if (pick < 55) {
      malformed();
    } else if (pick < 62) {
      structure();
    } else if (pick < 74) {
      correlationIds();
    } else if (pick < 82) {
      profilesAndMounts();
    } else if (pick < 92) {
      vm();
    } else if (pick < 97) {
      envelopeOddities();
    } else {
      controlCharacters();
    }
  }

  // ---- what an answer must be -------------------------------------------------------------------

  static BiConsumer<String, JsonNode> ok() {
    return (kind, payload) -> assertFalse(payload.has("error"), () -> kind + ": " + brief(payload));
  }

  /** Any answer: a result, or an error of a known type with a short message. */
  static BiConsumer<String, JsonNode> clear() {
    return (kind, payload) -> {
      JsonNode error = payload.get("error");
      if (error == null) {
        return;
      }
      assertTrue(
          ERROR_TYPES.contains(error.path("type").asText()), () -> kind + ": " + brief(error));
      String message = error.path("message").asText();
      assertFalse(message.isBlank(), kind + ": no message");
      assertTrue(message.length() <= MAX_MESSAGE, () -> kind + ": message of " + message.length());
    };
  }

  static BiConsumer<String, JsonNode> error(String type) {
    return (kind, payload) -> {
      clear().accept(kind, payload);
      assertEquals(
          type, payload.path("error").path("type").asText(), () -> kind + ": " + brief(payload));
    };
  }

  /** A {@code bad_request} that names {@code field} first and says its limit. */
  static BiConsumer<String, JsonNode> overLimit(String field, long limit) {
    return (kind, payload) -> {
      error("bad_request").accept(kind, payload);
      String message = payload.path("error").path("message").asText();
      assertTrue(message.startsWith(field + ":"), () -> kind + ": " + brief(payload));
      assertTrue(message.contains(Long.toString(limit)), () -> kind + ": " + brief(payload));
    };
  }

  static String brief(JsonNode node) {
    String text = node.toString();
    return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + ")";
  }

  // ---- the events -------------------------------------------------------------------------------

  private String id() {
    return "h" + n;
  }

  private String owner() {
    return "hostile-" + (n % 7);
  }

  private ObjectNode run() {
    ObjectNode p = NODES.objectNode();
    p.put("image", "alpine");
    p.set("command", strings("true"));
    return p;
  }

  /** An envelope as the Events API delivers it, with the requester's identity stamped. */
  private ObjectNode envelope(String stream, String correlationId, JsonNode payload) {
    ObjectNode e = NODES.objectNode();
    // Not an "evt_<nanos>" id, which would date the request: these carry no time at all.
    e.put("id", "ev-" + n);
    e.put("name", stream);
    if (correlationId != null) {
      e.put("correlationId", correlationId);
    }
    e.put("identity_id", owner());
    e.set("payload", payload);
    return e;
  }

  private void add(String kind, String stream, JsonNode payload, BiConsumer<String, JsonNode> c) {
    add(kind, stream, envelope(stream, id(), payload), id(), c);
  }

  private void add(
      String kind,
      String stream,
      ObjectNode envelope,
      String answerId,
      BiConsumer<String, JsonNode> c) {
    cases.add(Case.answered(n + " " + kind, stream, bytes(envelope), answerId, c));
  }

  private void fieldLimit() {
    boolean over = random.nextBoolean();
    int extra = over ? 1 : 0;
    String what = (over ? "over " : "at ") + "limit: ";
    switch (random.nextInt(17)) {
      case 0 -> {
        String id = pad(id() + "-", 1024 + extra, 'c');
        add(
            what + "correlationId",
            VM_STATUS,
            envelope(VM_STATUS, id, NODES.objectNode()),
            id,
            over ? overLimit("correlationId", 1024) : ok());
      }
      case 1 -> {
        // Two-byte characters after the ASCII start, one ASCII letter to reach an odd count.
        StringBuilder id = new StringBuilder(id() + "-");
        while (utf8(id.toString()) + 2 <= 1024 + extra) {
          id.append('é');
        }
        String twoByte = pad(id.toString(), 1024 + extra, 'z');
        add(
            what + "correlationId in two-byte characters",
            VM_STATUS,
            envelope(VM_STATUS, twoByte, NODES.objectNode()),
            twoByte,
            over ? overLimit("correlationId", 1024) : ok());
      }
      case 2 -> {
        String id = id() + "-" + "😀".repeat(200);
        id = pad(id, 1024 + extra, 'q');
        add(
            what + "correlationId with surrogate pairs",
            VM_STATUS,
            envelope(VM_STATUS, id, NODES.objectNode()),
            id,
            over ? overLimit("correlationId", 1024) : ok());
      }
      case 3 -> {
        ObjectNode p = NODES.objectNode();
        p.put("identity_id", pad("id-" + n + "-", 256 + extra, 'i'));
        add(what + "identity_id", STATUS, p, over ? overLimit("identity_id", 256) : ok());
      }
      case 4 -> {
        ObjectNode e = envelope(STATUS, id(), NODES.objectNode());
        e.put("identity_id", pad("env-" + n + "-", 256 + extra, 'e'));
        add(
            what + "envelope identity_id",
            STATUS,
            e,
            id(),
            over ? overLimit("identity_id", 256) : ok());
      }
      case 5 -> {
        ObjectNode p = run();
        p.put("run_id", pad(id() + "-", 128 + extra, 'r'));
        add(what + "run_id of a run", RUN, p, over ? overLimit("run_id", 128) : ok());
      }
      case 6 -> {
        ObjectNode p = NODES.objectNode();
        p.put("run_id", pad(id() + "-", 128 + extra, 'r'));
        add(
            what + "run_id of a delete",
            DELETE,
            p,
            over ? overLimit("run_id", 128) : error("not_found"));
      }
      case 7 -> {
        ObjectNode p = run();
        p.put("image", pad("alpine-" + n + "-", 512 + extra, 'm'));
        add(what + "image", RUN, p, over ? overLimit("image", 512) : ok());
      }
      case 8 -> {
        ObjectNode p = run();
        p.put("profile", pad("p", 64 + extra, 'p'));
        add(what + "profile", RUN, p, over ? overLimit("profile", 64) : ok());
      }
      case 9 -> {
        ObjectNode p = run();
        p.set("command", repeated("x", 256 + extra));
        add(what + "command entries", RUN, p, over ? overLimit("command", 256) : ok());
      }
      case 10 -> {
        ObjectNode p = run();
        p.remove("command");
        p.set("args", repeated("y", 256 + extra));
        add(what + "args entries", RUN, p, over ? overLimit("args", 256) : ok());
      }
      case 11 -> {
        ObjectNode p = run();
        p.set("command", strings("echo", pad("", 65536 - 4 + extra, 'b')));
        add(what + "command bytes", RUN, p, over ? overLimit("command", 65536) : ok());
      }
      case 12 -> {
        ObjectNode p = run();
        p.remove("command");
        p.set("args", strings("echo", pad("", 65536 - 4 + extra, 'a')));
        add(what + "args bytes", RUN, p, over ? overLimit("args", 65536) : ok());
      }
      case 13 -> {
        ObjectNode p = run();
        ObjectNode env = p.putObject("env");
        for (int i = 0; i < 128 + extra; i++) {
          env.put("K" + i, "v");
        }
        add(what + "env entries", RUN, p, over ? overLimit("env", 128) : ok());
      }
      case 14 -> {
        ObjectNode p = run();
        p.putObject("env").put("K", pad("", 65536 - 1 + extra, 'v'));
        add(what + "env bytes", RUN, p, over ? overLimit("env", 65536) : ok());
      }
      case 15 -> {
        ObjectNode p = run();
        p.put("workdir", pad("/", 256 + extra, 'w'));
        add(what + "workdir", RUN, p, over ? overLimit("workdir", 256) : ok());
      }
      default -> {
        ObjectNode p = run();
        p.put("timeout_seconds", 86_400 + extra);
        add(what + "timeout_seconds", RUN, p, over ? overLimit("timeout_seconds", 86_400) : ok());
      }
    }
  }

  private void wrongType() {
    String[] fields = {
      "image",
      "command",
      "args",
      "env",
      "timeout_seconds",
      "run_id",
      "workdir",
      "profile",
      "mounts",
      "identity_id"
    };
    String field = fields[random.nextInt(fields.length)];
    JsonNode[] values = {
      NODES.numberNode(5), NODES.booleanNode(true), NODES.objectNode().put("a", 1),
      NODES.arrayNode().add(1).add(NODES.objectNode()), NODES.textNode("text"), NODES.nullNode(),
      NODES.numberNode(-3.5)
    };
    JsonNode value = values[random.nextInt(values.length)];
    ObjectNode p = run();
    p.set(field, value);
    add("wrong type: " + field + "=" + value, RUN, p, clear());
  }

  private void missingField() {
    switch (random.nextInt(5)) {
      case 0 -> add("run without image or profile", RUN, NODES.objectNode(), error("bad_request"));
      case 1 ->
          add(
              "run with only a command",
              RUN,
              NODES.objectNode().set("command", strings("true")),
              error("bad_request"));
      case 2 -> add("delete without run_id", DELETE, NODES.objectNode(), error("bad_request"));
      case 3 -> {
        ObjectNode e = envelope(STATUS, id(), NODES.objectNode());
        e.remove("identity_id");
        add("status with no identity anywhere", STATUS, e, id(), error("bad_request"));
      }
      default -> {
        ObjectNode e = envelope(RUN, id(), run());
        e.remove("payload");
        add("run without payload", RUN, e, id(), error("bad_request"));
      }
    }
  }

  private void payloadShape() {
    JsonNode[] shapes = {
      NODES.textNode("not json"),
      NODES.numberNode(42),
      NODES.arrayNode().add(1),
      NODES.booleanNode(false),
      NODES.nullNode(),
      NODES.textNode("{\"image\":\"alpine\",\"command\":[\"true\"]}"),
      NODES.textNode("{\"image\":"),
      NODES.textNode("")
    };
    JsonNode shape = shapes[random.nextInt(shapes.length)];
    String stream = random.nextBoolean() ? RUN : (random.nextBoolean() ? STATUS : VM_STATUS);
    add("payload " + brief(shape) + " to " + stream, stream, shape, clear());
  }

  private void malformed() {
    String id = id();
    String[] lines = {
      "{\"name\":\"" + RUN + "\",\"correlationId\":\"" + id,
      "not json at all " + id,
      "{\"correlationId\":\"" + id + "\",\"payload\":{}}}}",
      "[\"" + id + "\"]",
      "\"" + id + "\"",
      "{\"correlationId\":\"" + id + "\",\"payload\":{\"image\":\"a\u0001b\"}}",
      "{\"correlationId\":\"" + id + "\" \"payload\":{}}",
      "{\"correlationId\":'" + id + "'}",
      "{\"correlationId\":\"" + id + "\",\"payload\":{\"command\":[\"true\",]}}",
      "{\"correlationId\":\"" + id + "\",\"payload\":{\"image\":\"\\x41\"}}",
      "{\"correlationId\":\"" + id + "\",\"payload\":NaN}",
      "{{{{{{{{{{",
      "}",
      "\u0000\u0001\u0002" + id,
    };
    String line = lines[random.nextInt(lines.length)];

    String stream = random.nextBoolean() ? RUN : VM_STATUS;
    cases.add(
        new Case(
            n + " malformed: " + brief(NODES.textNode(line)),
            stream,
            line.getBytes(UTF_8),
            null,
            id,
            true,
            clear()));
  }

  private void structure() {
    ObjectNode p = run();
    String what;
    switch (random.nextInt(6)) {
      case 0 -> {
        JsonNode deep = NODES.arrayNode();
        for (int i = 0; i < 500; i++) {
          deep = NODES.arrayNode().add(deep);
        }
        p.set("extra", deep);
        what = "500-deep array in an unknown field";
      }
      case 1 -> {
        ObjectNode deep = NODES.objectNode();
        for (int i = 0; i < 200; i++) {
          deep = NODES.objectNode().set("k", deep);
        }
        p.set("env", deep);
        what = "200-deep object as env";
      }
      case 2 -> {
        p.set("timeout_seconds", NODES.numberNode(new java.math.BigInteger("9".repeat(999))));
        what = "999-digit timeout_seconds";
      }
      case 3 -> {
        p.set(
            "extra",
            NODES.numberNode(new java.math.BigDecimal("1e308").multiply(java.math.BigDecimal.TEN)));
        what = "1e309 in an unknown field";
      }
      case 4 -> {
        p.put("k".repeat(5000), 1);
        what = "5,000-character unknown field name";
      }
      default -> {
        ArrayNode many = p.putArray("extra");
        for (int i = 0; i < 20_000; i++) {
          many.add(i);
        }
        what = "20,000-element array in an unknown field";
      }
    }
    add(what, RUN, p, clear());
  }

  private void correlationIds() {
    String base = id();
    String[] odd = {
      base + "-\u0000-nul",
      base + "-\u0001\u001f-ctl",
      base + "-\n-newline",
      base + "-\t-tab",
      base + "-\u007f-del",
      base + "-\u2028-ls",
      base + "-\ufeff-bom",
      base + "-😀-emoji",
      base + "-\"quoted\\",
      base + "-<script>",
      base + "-%00%0a",
      base + "-   ",
      base + "-𝄞",
      base + "-\uffff"
    };
    int pick = random.nextInt(odd.length + 7);
    if (pick < odd.length) {
      String id = odd[pick];
      add(
          "correlationId " + brief(NODES.textNode(id)),
          VM_STATUS,
          envelope(VM_STATUS, id, NODES.objectNode()),
          id,
          ok());
      return;
    }
    ObjectNode e = envelope(VM_STATUS, null, NODES.objectNode());
    switch (pick - odd.length) {
      case 0 -> {
        e.put("correlationId", 12345);
        add("numeric correlationId: the event id", VM_STATUS, e, "ev-" + n, ok());
      }
      case 1 -> {
        e.put("correlationId", "");
        add("empty correlationId: the event id", VM_STATUS, e, "ev-" + n, ok());
      }
      case 2 -> {
        e.put("correlation_id", base);
        add("correlation_id spelling", VM_STATUS, e, base, ok());
      }
      case 3 -> {
        e.put("correlationID", base);
        add("correlationID spelling", VM_STATUS, e, base, ok());
      }
      case 4 -> {
        e.putObject("correlationId").put("id", base);
        add("object correlationId: the event id", VM_STATUS, e, "ev-" + n, ok());
      }
      case 5 -> {
        e.remove("id");
        cases.add(
            new Case(
                n + " no correlation id and no id", VM_STATUS, bytes(e), null, null, true, ok()));
      }
      default -> {
        String id = pad(base + "-", 200 * 1024, 'L');
        add(
            "200 KB correlationId",
            VM_STATUS,
            envelope(VM_STATUS, id, NODES.objectNode()),
            id,
            overLimit("correlationId", 1024));
      }
    }
  }

  private void profilesAndMounts() {
    ObjectNode p = NODES.objectNode();
    switch (random.nextInt(8)) {
      case 0 -> p.put("profile", "gpu");
      case 1 -> p.put("profile", "codex ");
      case 2 -> p.put("profile", "CODEX");
      case 3 -> p.put("profile", "\u0000");
      case 4 -> {
        p.setAll(run());
        p.putArray("mounts").add("/x:/y");
      }
      case 5 -> {
        p.setAll(run());
        p.putArray("mounts").addObject().put("source", "/etc");
      }
      case 6 -> {
        p.setAll(run());
        p.putArray("mounts");
        add("empty mounts", RUN, p, ok());
        return;
      }
      default -> {
        p.put("profile", "codex");
        p.set("command", strings("true"));
        add("the codex profile", RUN, p, ok());
        return;
      }
    }
    add("profile or mounts " + brief(p), RUN, p, error("bad_request"));
  }

  private void vm() {
    String stream = new String[] {VM_STATUS, VM_START, VM_STOP}[random.nextInt(3)];
    JsonNode[] runtimes = {
      NODES.textNode("x"),
      NODES.numberNode(5),
      NODES.objectNode(),
      NODES.arrayNode(),
      NODES.textNode(pad("", 5000, 'r')),
      NODES.nullNode()
    };
    ObjectNode p = NODES.objectNode();
    p.set("runtime", runtimes[random.nextInt(runtimes.length)]);
    p.put("unknown", "field");
    add("vm " + brief(p), stream, p, clear());
  }

  private void envelopeOddities() {
    ObjectNode e = envelope(VM_STATUS, id(), NODES.objectNode());
    String what;
    switch (random.nextInt(7)) {
      case 0 -> {
        ObjectNode old = envelope(VM_START, id(), NODES.objectNode());
        old.put("time", "1970-01-01T00:00:00Z");
        add("a VM start from 1970", VM_START, old, id(), error("timeout"));
        return;
      }
      case 1 -> {
        e.put("time", "not a time");
        what = "unreadable time";
      }
      case 2 -> {
        e.put("time", 5);
        what = "numeric time";
      }
      case 3 -> {
        e.put("id", "evt_99999999999999999999999");
        what = "an event id past every clock";
      }
      case 4 -> {
        e.put("id", "evt_-5");
        what = "a negative event id";
      }
      case 5 -> {
        e.put("name", 7);
        what = "numeric event name";
      }
      default -> {
        e.put("identity_id", "user\u0000\n\u2028");
        what = "control characters in the stamped identity";
      }
    }
    add(what, VM_STATUS, e, id(), clear());
  }

  private void controlCharacters() {
    ObjectNode p = run();
    switch (random.nextInt(4)) {
      case 0 -> p.set("command", strings("a\u0000b"));
      case 1 -> p.putObject("env").put("K", "v\u0000");
      case 2 -> p.put("run_id", "run\n" + n);
      default -> p.putObject("env").put("K=V", "v");
    }
    add("control characters " + brief(p), RUN, p, error("bad_request"));
  }

  private void tooLongForTheStream() {
    ObjectNode p = run();
    p.put("pad", pad("", 1100 * 1024, 'P'));
    cases.add(
        new Case(
            n + " a line over 1 MiB",
            RUN,
            bytes(envelope(RUN, id(), p)),
            null,
            id(),
            false,
            clear()));
  }

  /**
   * Events beyond the limits of the events adapter's JSON reader on this branch, each to be
   * answered exactly once under the id it names: valid JSON past the reader's limits (a 1,001-digit
   * number, a 50,001-character field name, 1,001 levels of nesting) as a {@code bad_request}; a
   * lone surrogate in the correlation id, echoed exactly; a correlation id that is not UTF-8,
   * answered under the event id; and a line too long for the stream whose start names its
   * correlation id, as a {@code bad_request}.
   */
  static List<Case> beyondReadLimits() {
    List<Case> cases = new ArrayList<>();
    String start = "{\"id\":\"ev-lim\",\"name\":\"" + RUN + "\",\"identity_id\":\"lim\",";
    cases.add(
        Case.answered(
            "1,001-digit number",
            RUN,
            (start
                    + "\"correlationId\":\"lim-number\",\"payload\":{\"image\":\"alpine\",\"n\":1"
                    + "0".repeat(1000)
                    + "}}")
                .getBytes(UTF_8),
            "lim-number",
            error("bad_request")));
    cases.add(
        Case.answered(
            "50,001-character field name",
            RUN,
            (start
                    + "\"correlationId\":\"lim-key\",\"payload\":{\""
                    + "k".repeat(50_001)
                    + "\":1}}")
                .getBytes(UTF_8),
            "lim-key",
            error("bad_request")));
    cases.add(
        Case.answered(
            "1,001 levels of nesting",
            RUN,
            (start
                    + "\"correlationId\":\"lim-depth\",\"payload\":{\"image\":\"alpine\",\"x\":"
                    + "[".repeat(1001)
                    + "]".repeat(1001)
                    + "}}")
                .getBytes(UTF_8),
            "lim-depth",
            error("bad_request")));
    cases.add(
        Case.answered(
            "lone surrogate in the correlation id",
            VM_STATUS,
            ("{\"id\":\"ev-sur\",\"name\":\""
                    + VM_STATUS
                    + "\",\"correlationId\":\"lim-surrogate-\\ud800-x\",\"payload\":{}}")
                .getBytes(UTF_8),
            "lim-surrogate-\ud800-x",
            ok()));
    cases.add(
        Case.answered(
            "correlation id that is not UTF-8",
            VM_STATUS,
            concat(
                ("{\"id\":\"ev-utf8\",\"name\":\"" + VM_STATUS + "\",\"correlationId\":\"bad-")
                    .getBytes(UTF_8),
                new byte[] {(byte) 0xff, (byte) 0xc3, (byte) 0x28},
                "-id\",\"payload\":{}}".getBytes(UTF_8)),
            "ev-utf8",
            ok()));
    cases.add(
        Case.answered(
            "line over 1 MiB whose start names the correlation id",
            RUN,
            (start
                    + "\"correlationId\":\"lim-too-big\",\"payload\":{\"image\":\""
                    + "a".repeat(1536 * 1024)
                    + "\"}}")
                .getBytes(UTF_8),
            "lim-too-big",
            error("bad_request")));
    return cases;
  }

  /**
   * Requests whose error names a value the requester chose: an invalid env name of 2,000
   * characters, and a 1,000-character env name whose value is not a string. Their answers must cut
   * the value short as over-limit answers do.
   */
  static List<Case> longValuesInErrors() {
    ObjectNode badName = NODES.objectNode().put("image", "alpine");
    badName.putObject("env").put("K".repeat(2000) + "=", "v");
    ObjectNode badValue = NODES.objectNode().put("image", "alpine");
    badValue.putObject("env").putObject("N".repeat(1000));
    List<Case> cases = new ArrayList<>();
    for (ObjectNode payload : List.of(badName, badValue)) {
      String id = "echo-" + cases.size();
      ObjectNode e = NODES.objectNode();
      e.put("id", "ev-" + id);
      e.put("name", RUN);
      e.put("correlationId", id);
      e.put("identity_id", "echo");
      e.set("payload", payload);
      cases.add(Case.answered(id + ": a long env name", RUN, bytes(e), id, error("bad_request")));
    }
    return cases;
  }

  // ---- bytes ------------------------------------------------------------------------------------

  /** Pads {@code start} with {@code fill} to exactly {@code bytes} UTF-8 bytes. */
  static String pad(String start, int bytes, char fill) {
    int have = utf8(start);
    if (have > bytes) {
      throw new IllegalArgumentException("already longer than " + bytes);
    }
    return start + String.valueOf(fill).repeat(bytes - have);
  }

  static int utf8(String s) {
    return s.getBytes(UTF_8).length;
  }

  private static ArrayNode strings(String... values) {
    ArrayNode array = NODES.arrayNode();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }

  private static ArrayNode repeated(String value, int times) {
    ArrayNode array = NODES.arrayNode();
    for (int i = 0; i < times; i++) {
      array.add(value);
    }
    return array;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Concatenates byte arrays. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
