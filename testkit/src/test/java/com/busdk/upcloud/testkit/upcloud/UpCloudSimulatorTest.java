package com.busdk.upcloud.testkit.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.testkit.FakeTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's HTTP behaviour, driven with a plain JDK client. */
class UpCloudSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeTime time = new FakeTime();
  private final UpCloudSimulator sim = UpCloudSimulator.start(0, "tok", time);
  private final HttpClient http = HttpClient.newHttpClient();

  private record Answer(int status, JsonNode body) {
    String code() {
      return body.path("error").path("error_code").asText();
    }

    String state() {
      return body.path("server").path("state").asText();
    }
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private Answer call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
  }

  private Answer call(String method, String path, String body) throws Exception {
    return call(method, path, body, "tok");
  }

  private String createBody(String network, String metadata) {
    return "{\"server\":{\"zone\":\"fi-hel2\",\"title\":\"r\",\"hostname\":\"r\",\"metadata\":\""
        + metadata
        + "\",\"storage_devices\":{\"storage_device\":[{\"action\":\"clone\",\"storage\":\""
        + sim.defaultTemplateUuid()
        + "\",\"size\":20}]},\"networking\":{\"interfaces\":{\"interface\":["
        + "{\"type\":\"private\",\"network\":\""
        + network
        + "\",\"ip_addresses\":{\"ip_address\":[{\"family\":\"IPv4\"}]}},"
        + "{\"type\":\"utility\",\"ip_addresses\":{\"ip_address\":[{\"family\":\"IPv4\"}]}}]}}}}";
  }

  @Test
  void refusesMissingOrWrongTokens() throws Exception {
    assertEquals("AUTHENTICATION_FAILED", call("GET", "/server", null, null).code());
    Answer wrong = call("GET", "/server", null, "other");
    assertEquals(401, wrong.status());
    assertEquals(0, sim.count("GET /server"));
  }

  @Test
  void answersMalformedAndUnknownUuidsLikeUpCloud() throws Exception {
    Answer invalid = call("POST", "/server/invalid/start", "{\"server\":{}}");
    assertEquals(400, invalid.status());
    assertEquals("SERVER_INVALID", invalid.code());
    Answer unknown = call("GET", "/server/00000000-0000-4000-8000-000000000000/", null);
    assertEquals(404, unknown.status());
    assertEquals("SERVER_NOT_FOUND", unknown.code());
    assertEquals(2, sim.count("GET /server/{uuid}") + sim.count("POST /server/{uuid}/start"));
  }

  @Test
  void createRunsThroughMaintenanceAndAllocatesAddresses() throws Exception {
    sim.setCreateDelay(Duration.ofSeconds(40));
    String net = sim.seedPrivateNetwork("p", "fi-hel2", "172.16.0.0/22");

    Answer created = call("POST", "/server", createBody(net, "yes"));
    Answer second = call("POST", "/server", createBody(net, "yes"));

    assertEquals(202, created.status());
    assertEquals("maintenance", created.state());
    assertEquals("0", created.body().path("server").path("progress").asText());
    JsonNode nic =
        created
            .body()
            .path("server")
            .path("networking")
            .path("interfaces")
            .path("interface")
            .get(0);
    assertEquals(
        "172.16.0.2", nic.path("ip_addresses").path("ip_address").get(0).path("address").asText());
    assertTrue(nic.path("mac").asText().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"));
    JsonNode top = created.body().path("server").path("ip_addresses").path("ip_address");
    assertEquals(1, top.size());
    assertEquals("utility", top.get(0).path("access").asText());
    JsonNode nic2 =
        second.body().path("server").path("networking").path("interfaces").path("interface").get(0);
    assertEquals(
        "172.16.0.3", nic2.path("ip_addresses").path("ip_address").get(0).path("address").asText());

    String uuid = created.body().path("server").path("uuid").asText();
    assertEquals("maintenance", call("GET", "/server/" + uuid, null).state());
    assertEquals(
        409,
        call("POST", "/server/" + uuid + "/stop", "{\"stop_server\":{\"stop_type\":\"hard\"}}")
            .status());
    time.advance(Duration.ofSeconds(40));
    assertEquals("started", call("GET", "/server/" + uuid, null).state());
  }

  @Test
  void createValidatesTemplateMetadataAndNetwork() throws Exception {
    String net = sim.seedPrivateNetwork("p", "de-fra1", "10.0.0.0/24");
    assertEquals(
        "METADATA_DISABLED_ON_CLOUD-INIT", call("POST", "/server", createBody(net, "no")).code());
    assertEquals("ZONE_MISMATCH", call("POST", "/server", createBody(net, "yes")).code());
    assertEquals(
        "NETWORK_NOT_FOUND",
        call("POST", "/server", createBody("03000000-0000-4000-8000-000000000000", "yes")).code());
    assertTrue(sim.servers().isEmpty());
  }

  @Test
  void stopAnswersStartedThenStopsAfterTheDelay() throws Exception {
    sim.setStopDelay(Duration.ofSeconds(6));
    String uuid = sim.seedServer("vm", "started");

    assertEquals(
        "UNKNOWN_ATTRIBUTE", call("POST", "/server/" + uuid + "/stop", "{\"server\":{}}").code());
    assertEquals(
        "TIMEOUT_INVALID",
        call(
                "POST",
                "/server/" + uuid + "/stop",
                "{\"stop_server\":{\"stop_type\":\"soft\",\"timeout\":60}}")
            .code());
    Answer stop =
        call(
            "POST",
            "/server/" + uuid + "/stop",
            "{\"stop_server\":{\"stop_type\":\"soft\",\"timeout\":\"60\"}}");

    assertEquals(200, stop.status());
    assertEquals("started", stop.state());
    assertEquals("maintenance", sim.state(uuid));
    time.advance(Duration.ofSeconds(6));
    assertEquals("stopped", call("GET", "/server/" + uuid, null).state());
  }

  @Test
  void deleteNeedsStoppedAndKeepsDisksUnlessAsked() throws Exception {
    String running = sim.seedServer("a", "started");
    String stopped = sim.seedServer("b", "stopped");

    Answer refused = call("DELETE", "/server/" + running + "?storages=1", null);
    assertEquals(409, refused.status());
    assertEquals(
        "The operation is not allowed while the server " + running + " is in state 'started'.",
        refused.body().path("error").path("error_message").asText());
    assertEquals(204, call("DELETE", "/server/" + stopped, null).status());

    assertEquals(1, sim.servers().size());
    assertEquals(2, sim.storages().size());
    assertEquals(404, call("GET", "/server/" + stopped, null).status());
  }

  @Test
  void faultsAreServedInOrderThenNormalServiceResumes() throws Exception {
    String uuid = sim.seedServer("vm", "stopped", Map.of("role", "x"));
    sim.failNext("GET /server/{uuid}", 1, 502);
    sim.rateLimitNext("GET /server/{uuid}", 1, Duration.ofSeconds(3));

    assertEquals(502, call("GET", "/server/" + uuid, null).status());
    assertEquals(429, call("GET", "/server/" + uuid, null).status());
    assertEquals("stopped", call("GET", "/server/" + uuid, null).state());
    assertEquals(3, sim.count("GET /server/{uuid}"));
  }

  @Test
  void randomFaultsFailTheSeededShareAndTheSameRequestsInEveryRun() throws Exception {
    String uuid = sim.seedServer("vm", "stopped");
    sim.failRandomly(0.3, 42);
    StringBuilder first = new StringBuilder();
    int failed = 0;
    for (int i = 0; i < 60; i++) {
      int status = call("GET", "/server/" + uuid, null).status();
      assertTrue(status == 200 || status == 500 || status == 502 || status == 503, "" + status);
      first.append(status == 200 ? '.' : 'x');
      failed += status == 200 ? 0 : 1;
    }
    assertTrue(failed > 8 && failed < 30, "failed " + failed + " of 60");

    sim.failRandomly(0.3, 42);
    StringBuilder again = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      again.append(call("GET", "/server/" + uuid, null).status() == 200 ? '.' : 'x');
    }
    assertEquals(first.toString(), again.toString());

    sim.failRandomly(0, 42);
    assertEquals(200, call("GET", "/server/" + uuid, null).status());
  }

  @Test
  void aFailingCreateSometimesCreatesTheServerAnyway() throws Exception {
    String network = sim.seedPrivateNetwork("p", "fi-hel2", "10.0.0.0/24");
    sim.failRandomly(1, 7);
    int created = 0;
    for (int i = 0; i < 20; i++) {
      int before = sim.servers().size();
      assertTrue(call("POST", "/server", createBody(network, "yes")).status() >= 500);
      created += sim.servers().size() - before;
    }
    assertTrue(created > 0 && created < 20, "created " + created + " of 20");
  }

  @Test
  void orphanStoragesAreDisksWithoutAServer() throws Exception {
    String kept = sim.seedServer("a", "stopped");
    String dropped = sim.seedServer("b", "stopped");
    String cleaned = sim.seedServer("c", "stopped");
    assertEquals(Set.of(), sim.orphanStorages());

    assertEquals(204, call("DELETE", "/server/" + dropped, null).status());
    assertEquals(204, call("DELETE", "/server/" + cleaned + "?storages=1", null).status());

    assertEquals(1, sim.orphanStorages().size());
    assertEquals(Set.of(kept), sim.servers());
    assertEquals(2, sim.storages().size());
  }

  @Test
  void heldMaintenanceEndsInThePreviousState() throws Exception {
    String uuid = sim.seedServer("vm", "stopped");
    sim.holdInMaintenance(uuid, Duration.ofMinutes(10));

    assertEquals(
        "SERVER_STATE_ILLEGAL",
        call("POST", "/server/" + uuid + "/start", "{\"server\":{}}").code());
    time.advance(Duration.ofMinutes(10));
    assertEquals("started", call("POST", "/server/" + uuid + "/start", "{\"server\":{}}").state());
  }

  @Test
  void listsNetworksAndTemplatesWithTheirWireShapes() throws Exception {
    sim.seedPrivateNetwork("ai-platform-private-fi-hel2", "fi-hel2", "10.20.0.0/24");

    JsonNode networks =
        call("GET", "/network/?zone=fi-hel2", null).body().path("networks").path("network");
    assertEquals(3, networks.size());
    JsonNode templates =
        call("GET", "/storage/template", null).body().path("storages").path("storage");
    assertEquals(UpCloudSimulator.DEFAULT_TEMPLATE_TITLE, templates.get(0).path("title").asText());
    assertEquals("cloud-init", templates.get(0).path("template_type").asText());
    assertTrue(templates.get(0).path("labels").isArray());
  }
}
