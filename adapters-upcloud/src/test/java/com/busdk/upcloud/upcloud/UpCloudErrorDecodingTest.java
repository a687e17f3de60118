package com.busdk.upcloud.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.testkit.FakeTime;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Error bodies UpCloud and the proxies in front of it send, served by a loopback server. */
class UpCloudErrorDecodingTest {
  /** Minted per run in UpCloud's token format, so no token-like literal is committed. */
  private static final String TOKEN = mintToken();

  private static final String UUID = "00e83945-059a-4351-9bd4-e7c60b50fccd";

  private final AtomicReference<Canned> next = new AtomicReference<>();
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final HttpServer server;
  private final CloudServers cloud;

  private record Canned(int status, String contentType, byte[] body) {}

  UpCloudErrorDecodingTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          Canned canned = next.get();
          exchange.getResponseHeaders().set("Content-Type", canned.contentType());
          exchange.sendResponseHeaders(canned.status(), canned.body().length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(canned.body());
          }
        });
    server.start();
    cloud =
        UpCloudServers.create(
            UpCloudSettings.of("http://127.0.0.1:" + server.getAddress().getPort() + "/1.3/", TOKEN)
                .withRetries(0, Duration.ZERO, new FakeTime()));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private CloudException failGet(int status, String contentType, byte[] body) {
    next.set(new Canned(status, contentType, body));
    return assertThrows(CloudException.class, () -> cloud.get(UUID));
  }

  @Test
  void recordedLegacyErrorBodyIsDecoded() throws IOException {
    byte[] body;
    try (InputStream in =
        getClass()
            .getResourceAsStream("/fixtures/errorhandling-0-post-server-invalid-start.json")) {
      body = in.readAllBytes();
    }

    CloudException e = failGet(400, "application/json; charset=UTF-8", body);

    assertEquals(Kind.BAD_REQUEST, e.kind());
    assertEquals("SERVER_INVALID", e.errorCode());
    assertTrue(e.getMessage().contains("(HTTP 400)"), e.getMessage());
    assertEquals(
        "UpCloud error SERVER_INVALID (HTTP 400): The server UUID is invalid.", e.getMessage());
    assertEquals("Bearer " + TOKEN, authorization.get());
  }

  @Test
  void problemDocumentsAreDecoded() {
    String problem =
        "{\"type\":\"https://developers.upcloud.com/1.3/errors#ERROR_RESOURCE_NOT_FOUND\","
            + "\"title\":\"Service not found.\",\"status\":404}";

    CloudException e =
        failGet(404, "application/problem+json", problem.getBytes(StandardCharsets.UTF_8));

    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals("RESOURCE_NOT_FOUND", e.errorCode());
    assertTrue(e.getMessage().contains("Service not found."), e.getMessage());
  }

  @Test
  void aNonJsonBodyGetsAClearMessage() {
    CloudException e =
        failGet(502, "text/html", "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));

    assertEquals(Kind.PROVIDER, e.kind());
    assertEquals("UpCloud answered HTTP 502 with a non-JSON body", e.getMessage());
  }

  @Test
  void statusesMapToKinds() {
    assertEquals(Kind.UNAUTHORIZED, UpCloudErrorDecoder.kindOf(401));
    assertEquals(Kind.FORBIDDEN, UpCloudErrorDecoder.kindOf(403));
    assertEquals(Kind.NOT_FOUND, UpCloudErrorDecoder.kindOf(404));
    assertEquals(Kind.CONFLICT, UpCloudErrorDecoder.kindOf(409));
    assertEquals(Kind.RATE_LIMITED, UpCloudErrorDecoder.kindOf(429));
    assertEquals(Kind.BAD_REQUEST, UpCloudErrorDecoder.kindOf(402));
    assertEquals(Kind.PROVIDER, UpCloudErrorDecoder.kindOf(503));
  }

  @Test
  void aResourceInTheWrongStateIsBusyAndOtherConflictsAreNot() {
    assertEquals(Kind.BUSY, UpCloudErrorDecoder.kindOf(409, "SERVER_STATE_ILLEGAL"));
    assertEquals(Kind.BUSY, UpCloudErrorDecoder.kindOf(409, "STORAGE_STATE_ILLEGAL"));
    assertEquals(Kind.CONFLICT, UpCloudErrorDecoder.kindOf(409, "STORAGE_ATTACHED"));
    assertEquals(Kind.BAD_REQUEST, UpCloudErrorDecoder.kindOf(400, "SERVER_STATE_ILLEGAL"));
  }

  @Test
  void aBusyAnswerOverHttpIsBusy() {
    String body =
        "{\"error\":{\"error_code\":\"SERVER_STATE_ILLEGAL\",\"error_message\":\"in maintenance\"}}";

    CloudException e = failGet(409, "application/json", body.getBytes(StandardCharsets.UTF_8));

    assertEquals(Kind.BUSY, e.kind());
    assertTrue(e.isBusy());
    assertEquals("SERVER_STATE_ILLEGAL", e.errorCode());
  }

  @Test
  void anEchoedTokenIsScrubbedFromTheMessage() {
    String body =
        "{\"error\":{\"error_code\":\"AUTHENTICATION_FAILED\",\"error_message\":\"bad "
            + TOKEN
            + "\"}}";

    CloudException e = failGet(401, "application/json", body.getBytes(StandardCharsets.UTF_8));

    assertEquals(Kind.UNAUTHORIZED, e.kind());
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
  }

  @Test
  void aMalformedSuccessBodyIsAProviderFailure() {
    next.set(new Canned(200, "application/json", "{\"server\":".getBytes(StandardCharsets.UTF_8)));

    CloudException e = assertThrows(CloudException.class, () -> cloud.get(UUID));

    assertEquals(Kind.PROVIDER, e.kind());
  }

  private static String mintToken() {
    String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    java.util.Random random = new java.security.SecureRandom();
    StringBuilder token = new StringBuilder("ucat_");
    for (int i = 0; i < 26; i++) {
      token.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return token.toString();
  }
}
