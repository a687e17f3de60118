package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EmbeddedEventsServerTest {
  private final EmbeddedEventsServer server = new EmbeddedEventsServer(0, "s3cret").start();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final EventCodec codec = new EventCodec();
  private final String token = Fixtures.token(server, Fixtures.ALL_SCOPES);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void publishAnswersAcceptedWithAnEventId() throws Exception {
    long before = nanosNow();
    HttpResponse<String> response =
        post(
            token,
            "{\"name\":\"example.ping\",\"correlationId\":\"c1\",\"payload\":{\"ok\":true}}");

    assertEquals(202, response.statusCode());
    JsonNode answer = codec.readObject(response.body());
    assertTrue(answer.get("accepted").booleanValue());
    assertEquals("example.ping", answer.get("name").textValue());
    String id = answer.get("id").textValue();
    assertTrue(id.matches("evt_\\d+"), id);
    assertTrue(Long.parseLong(id.substring(4)) >= before, "id carries unix nanos");
  }

  @Test
  void replayReturnsTheStampedEnvelopesAndEndsWithoutFollow() throws Exception {
    post(token, "{\"name\":\"example.ping\",\"correlation_id\":\"c1\",\"payload\":{\"n\":1}}");
    post(token, "{\"name\":\"other.name\",\"payload\":{}}");
    post(token, "{\"name\":\"example.ping\",\"correlationId\":\"c2\",\"identity_id\":\"forged\"}");

    HttpResponse<String> response =
        get(token, "name=example.ping&delivery=broadcast&replay=true&follow=false");

    assertEquals(200, response.statusCode());
    assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").get());
    List<JsonNode> lines =
        Arrays.stream(response.body().split("\n"))
            .map(line -> (JsonNode) codec.readObject(line))
            .toList();
    assertEquals(2, lines.size());
    JsonNode first = lines.get(0);
    assertEquals("example.ping", first.get("name").textValue());
    assertEquals("c1", first.get("correlationId").textValue());
    assertEquals("bus-integration-upcloud", first.get("identity_id").textValue());
    assertEquals(1, first.get("payload").get("n").intValue());
    Instant.parse(first.get("time").textValue());
    assertEquals("bus-integration-upcloud", lines.get(1).get("identity_id").textValue());
    assertTrue(lines.get(1).get("payload").isObject());
  }

  @Test
  void unicastGroupKeepsEventsWhileNoConsumerIsConnected() throws Exception {
    String query = "name=example.work&delivery=unicast&group=g1&consumer=c-1&follow=false";
    assertEquals("", get(token, query).body(), "first visit makes the group known");
    post(token, "{\"name\":\"example.work\",\"correlationId\":\"queued\"}");

    String body = get(token, query).body();

    assertEquals("queued", codec.readObject(body.strip()).get("correlationId").textValue());
    assertEquals("", get(token, query).body(), "an event goes to one consumer once");
  }

  @Test
  void refusesMissingOrInvalidTokens() throws Exception {
    assertError(post(null, "{\"name\":\"example.ping\"}"), 401, "invalid_auth");
    assertError(post("garbage", "{\"name\":\"example.ping\"}"), 401, "invalid_auth");
    String foreign =
        new EmbeddedEventsServer(0, "other")
            .mintToken("x", "ai.hg.fi/api", Fixtures.ALL_SCOPES, Duration.ofMinutes(1));
    assertError(get(foreign, "name=example.ping"), 401, "invalid_auth");
    String authAudience =
        server.mintToken("x", "ai.hg.fi/auth", Fixtures.ALL_SCOPES, Duration.ofMinutes(1));
    assertError(post(authAudience, "{\"name\":\"example.ping\"}"), 401, "invalid_auth");
  }

  @Test
  void acceptsTheInternalAudienceAndAnAudienceList() throws Exception {
    String internal =
        server.mintToken(
            "svc", "ai.hg.fi/internal", List.of("container:admin"), Duration.ofMinutes(1));
    assertEquals(
        202, post(internal, "{\"name\":\"bus.containers.runner.status.request\"}").statusCode());
    String listed =
        JwtHs256.sign(
            Map.of(
                "sub",
                "svc",
                "aud",
                List.of("ai.hg.fi/auth", "ai.hg.fi/api"),
                "scope",
                "events:send",
                "exp",
                Instant.now().getEpochSecond() + 60),
            "s3cret");
    assertEquals(202, post(listed, "{\"name\":\"example.ping\"}").statusCode());
  }

  @Test
  void enforcesTheScopeOfEachEventFamily() throws Exception {
    String vmOnly = Fixtures.token(server, List.of("vm:read"));
    assertEquals(202, post(vmOnly, "{\"name\":\"bus.vm.status.response\"}").statusCode());
    assertError(post(vmOnly, "{\"name\":\"bus.vm.start.request\"}"), 403, "forbidden");
    assertError(post(vmOnly, "{\"name\":\"example.ping\"}"), 403, "forbidden");
    assertError(get(vmOnly, "name=bus.ssh.script.run.response"), 403, "forbidden");
    String sendOnly = Fixtures.token(server, List.of("events:send"));
    assertError(get(sendOnly, "name=example.ping&follow=false"), 403, "forbidden");
  }

  @Test
  void rejectsBadNamesBodiesAndStreamParameters() throws Exception {
    assertError(post(token, "{\"name\":\"has space\"}"), 400, "bad_request");
    assertError(post(token, "{\"name\":\"a..b\"}"), 400, "bad_request");
    assertError(post(token, "{\"payload\":{}}"), 400, "bad_request");
    assertError(post(token, "{not json"), 400, "bad_request");
    assertError(post(token, "[1]"), 400, "bad_request");
    assertError(get(token, "name=example.ping&delivery=fanout"), 400, "bad_request");
    assertError(
        get(token, "name=example.ping&delivery=unicast&group=g&consumer=has%2Fslash"),
        400,
        "bad_request");
    assertError(get(token, "delivery=broadcast"), 400, "bad_request");
  }

  @Test
  void injectedFailuresAreAnsweredAndNotStored() throws Exception {
    EventsServerFaults.of(server).failNextPublishes(1, 503);
    assertError(post(token, "{\"name\":\"example.ping\"}"), 503, "unavailable");
    assertEquals(202, post(token, "{\"name\":\"example.ping\"}").statusCode());
    assertEquals(1, server.published().size());
  }

  @Test
  void relaysAPayloadAsSentHoweverDeepOrLongAndEscapesSurrogatesOnTheStream() throws Exception {
    String deep = "[".repeat(1001) + "]".repeat(1001);
    String digits = "1" + "0".repeat(1000);
    String payload = "{\"deep\":" + deep + ",\n\"n\":" + digits + ",\"f\":1.50}";
    assertEquals(
        202,
        post(
                token,
                "{\"name\":\"example.ping\",\"correlationId\":\"s-\\ud800-x\",\"payload\":"
                    + payload
                    + "}")
            .statusCode());

    String line =
        get(token, "name=example.ping&delivery=broadcast&replay=true&follow=false").body().strip();

    assertFalse(line.contains("\n"), "one line");
    assertTrue(line.contains("\"correlationId\":\"s-\\uD800-x\""), line.substring(0, 120));
    assertTrue(
        line.endsWith(",\"payload\":{\"deep\":" + deep + ", \"n\":" + digits + ",\"f\":1.50}}"));
  }

  @Test
  void refusesABodyThatIsNotUtf8RatherThanRepairingIt() throws Exception {
    byte[] body = "{\"name\":\"example.ping\",\"correlationId\":\"bad-?\"}".getBytes(UTF_8);
    body[body.length - 3] = (byte) 0xff;
    HttpRequest request =
        HttpRequest.newBuilder(server.collectionUrl())
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));

    assertError(response, 400, "bad_request");
    assertTrue(response.body().contains("UTF-8"), response.body());
    assertEquals(0, server.published().size());
  }

  private void assertError(HttpResponse<String> response, int status, String type) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(type, codec.readObject(response.body()).get("error").get("type").textValue());
  }

  private HttpResponse<String> post(String bearer, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.collectionUrl())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  private HttpResponse<String> get(String bearer, String query)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.collectionUrl() + "/stream?" + query))
            .header("Authorization", "Bearer " + bearer)
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  private static long nanosNow() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
