package com.busdk.upcloud.app.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.DispatchSettings;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.events.EventCodec;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.VmRequest;
import com.busdk.upcloud.testkit.events.TestPayloads;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that carry what a well-behaved client never sends, each answered exactly once under the
 * correlation id it came with: valid JSON beyond the read limits, an event too large for the
 * stream, a correlation id with a lone surrogate, and one that is not valid UTF-8 at all.
 */
@Timeout(60)
class HostileRequestsEndToEndTest {
  private static final String REQUEST = "bus.vm.status.request";
  private static final String RESPONSE = "bus.vm.status.response";
  private final EventCodec codec = new EventCodec();
  private DispatchRig rig;

  @BeforeEach
  void start() throws InterruptedException {
    rig =
        new DispatchRig(
            Map.of(
                BusEventName.VM_STATUS,
                request -> TestPayloads.json(request.payload(VmRequest.class))));
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void validJsonBeyondTheReadLimitsIsOneBadRequestAnswerEach() throws Exception {
    Map<String, String> repros =
        Map.of(
            "lim-number", "{\"n\":1" + "0".repeat(1000) + "}",
            "lim-key", "{\"" + "k".repeat(50_001) + "\":1}",
            "lim-depth", "[".repeat(1001) + "]".repeat(1001));
    for (Map.Entry<String, String> repro : repros.entrySet()) {
      String body =
          "{\"name\":\""
              + REQUEST
              + "\",\"correlationId\":\""
              + repro.getKey()
              + "\",\"payload\":"
              + repro.getValue()
              + "}";
      assertEquals(202, rig.post(body).statusCode(), repro.getKey() + " is accepted by the bus");
    }

    rig.awaitAnswered(repros.size());

    Map<String, List<BusEvent>> stored = rig.stored(RESPONSE);
    assertEquals(repros.keySet(), stored.keySet());
    assertBadRequest(stored, "lim-number", "payload: a number longer than 100 digits");
    assertBadRequest(stored, "lim-key", "payload: a field name longer than 1024 characters");
    assertBadRequest(stored, "lim-depth", "payload: nested deeper than 64 levels");
  }

  @Test
  void anEventTooLargeForTheStreamIsABadRequestWhenItsStartNamesTheCorrelationId()
      throws Exception {
    String pad = "a".repeat(1536 * 1024);
    String body =
        "{\"name\":\""
            + REQUEST
            + "\",\"correlationId\":\"too-big\",\"payload\":{\"runtime\":\""
            + pad
            + "\"}}";
    assertEquals(202, rig.post(body).statusCode());

    rig.awaitAnswered(1);

    assertBadRequest(rig.stored(RESPONSE), "too-big", "event larger than 1048576 bytes");
  }

  @Test
  void aLoneSurrogateInTheCorrelationIdComesBackExactly() throws Exception {
    String sent = "lim-surrogate-\ud800-x";
    LinkedBlockingQueue<BusEvent> answers = new LinkedBlockingQueue<>();
    EventBus requester = requesterBus();
    Subscription listener = requester.subscribe(RESPONSE, Delivery.broadcast(), answers::add);
    assertTrue(listener.awaitConnected(DispatchRig.WAIT));

    String body =
        "{\"name\":\""
            + REQUEST
            + "\",\"correlationId\":\"lim-surrogate-\\ud800-x\",\"payload\":{}}";
    assertEquals(202, rig.post(body).statusCode());

    BusEvent answer = answers.poll(DispatchRig.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(answer != null, "an answer arrives");
    assertEquals(sent, answer.correlationId().orElseThrow());
    rig.awaitAnswered(1);
    assertEquals(1, rig.stored(RESPONSE).get(sent).size(), "stored once: " + rig.stored(RESPONSE));
    requester.close();
  }

  @Test
  void aCorrelationIdThatIsNotUtf8IsAnsweredUnderTheEventIdInstead() throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.write(
        ("{\"id\":\"evt_1780620545346253915\",\"name\":\""
                + REQUEST
                + "\",\"correlationId\":\"bad-")
            .getBytes(UTF_8));
    line.write(new byte[] {(byte) 0xff, (byte) 0xc3, (byte) 0x28});
    line.write("-id\",\"payload\":{}}\n".getBytes(UTF_8));
    try (RawEventsApi raw = new RawEventsApi(line.toByteArray())) {
      EventBus bus =
          HttpEventBus.create(EventsSettings.of(raw.url(), "raw-token-not-checked-here"));
      RequestDispatcher dispatcher =
          new RequestDispatcher(
              bus,
              Map.of(
                  BusEventName.VM_STATUS,
                  request -> TestPayloads.json(request.payload(VmRequest.class))),
              DispatchSettings.defaults(2, "worker-1"),
              TimeSource.system(),
              new InMemoryRunJournal(TimeSource.system()));
      CountDownLatch answered = new CountDownLatch(1);
      dispatcher.addListener((name, correlationId, outcome) -> answered.countDown());
      Subscription stream = bus.subscribe(REQUEST, Delivery.unicast("g", "c"), dispatcher::accept);

      assertTrue(answered.await(DispatchRig.WAIT.toSeconds(), TimeUnit.SECONDS), "answered");
      assertEquals(1, raw.published.size(), "answered once");
      byte[] published = raw.published.take();
      JsonNode envelope = codec.readObject(new String(published, UTF_8));
      assertEquals(RESPONSE, envelope.get("name").textValue());
      assertEquals("evt_1780620545346253915", envelope.get("correlationId").textValue());
      stream.close();
      dispatcher.close();
      bus.close();
    }
  }

  private EventBus requesterBus() {
    String token =
        rig.events.mintToken(
            "requester",
            com.busdk.upcloud.events.EmbeddedEventsServer.API_AUDIENCE,
            com.busdk.upcloud.events.EmbeddedEventsServer.DEVELOPMENT_SCOPES,
            Duration.ofHours(1));
    return HttpEventBus.create(EventsSettings.of(rig.events.collectionUrl().toString(), token));
  }

  private static void assertBadRequest(
      Map<String, List<BusEvent>> stored, String correlationId, String message) {
    List<BusEvent> answers = stored.get(correlationId);
    assertTrue(answers != null, "no answer for " + correlationId + " in " + stored.keySet());
    assertEquals(1, answers.size(), "answers for " + correlationId);
    JsonNode error = answers.get(0).payloadAs(JsonNode.class).get("error");
    assertEquals("bad_request", error.get("type").textValue(), correlationId);
    assertEquals(message, error.get("message").textValue(), correlationId);
  }

  /** A stream that writes the exact bytes given, and a publish endpoint that records bodies. */
  private static final class RawEventsApi implements AutoCloseable {
    final LinkedBlockingQueue<byte[]> published = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    RawEventsApi(byte[] streamBytes) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext(
          "/api/v1/events",
          exchange -> {
            try (exchange) {
              if (exchange.getRequestMethod().equals("POST")) {
                published.add(exchange.getRequestBody().readAllBytes());
                byte[] answer =
                    "{\"accepted\":true,\"id\":\"evt_1\",\"name\":\"x\"}".getBytes(UTF_8);
                exchange.sendResponseHeaders(202, answer.length);
                exchange.getResponseBody().write(answer);
                return;
              }
              exchange.sendResponseHeaders(200, 0);
              OutputStream out = exchange.getResponseBody();
              out.write(streamBytes);
              out.flush();
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (IOException e) {
              // The client hung up.
            }
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      release.countDown();
      server.stop(0);
    }
  }
}
