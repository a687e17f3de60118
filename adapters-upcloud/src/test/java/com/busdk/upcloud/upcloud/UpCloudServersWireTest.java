package com.busdk.upcloud.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.CloudServers.StopType;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator.RecordedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the adapter puts on the wire, checked against the requests the simulator received. */
class UpCloudServersWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UpCloudSimulator simulator = UpCloudSimulator.start();
  private final CloudServers cloud =
      UpCloudServers.create(
          UpCloudSettings.of(simulator.baseUrl(), simulator.token())
              .withRetries(0, Duration.ZERO, new FakeTime()));

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private JsonNode lastBody(String endpoint) throws Exception {
    List<RecordedRequest> requests = simulator.requests(endpoint);
    assertFalse(requests.isEmpty(), "no request to " + endpoint);
    return JSON.readTree(requests.get(requests.size() - 1).body());
  }

  @Test
  void stopSendsTheTimeoutAsAStringOfSeconds() throws Exception {
    String uuid = simulator.seedServer("vm", "started");

    cloud.stop(uuid, StopType.SOFT, Duration.ofMinutes(1));
    simulator.setState(uuid, "started");
    cloud.stop(uuid, StopType.HARD, Duration.ofMillis(1500));

    List<RecordedRequest> stops = simulator.requests("POST /server/{uuid}/stop");
    assertEquals(
        JSON.readTree("{\"stop_server\":{\"stop_type\":\"soft\",\"timeout\":\"60\"}}"),
        JSON.readTree(stops.get(0).body()));
    assertEquals(
        JSON.readTree("{\"stop_server\":{\"stop_type\":\"hard\",\"timeout\":\"1\"}}"),
        JSON.readTree(stops.get(1).body()));
  }

  @Test
  void startSendsAnEmptyServerObject() throws Exception {
    String uuid = simulator.seedServer("vm", "stopped");

    cloud.start(uuid);

    assertEquals(JSON.readTree("{\"server\":{}}"), lastBody("POST /server/{uuid}/start"));
  }

  @Test
  void createInPrivateModeSendsAPrivateAndAUtilityNic() throws Exception {
    String network = simulator.seedPrivateNetwork("net", "fi-hel2", "10.9.0.0/24");
    ServerSpec spec =
        ServerSpec.builder()
            .zone("fi-hel2")
            .title("runner")
            .hostname("runner.example")
            .plan("CLOUDNATIVE-1xCPU-4GB")
            .disk(simulator.defaultTemplateUuid(), 25, true)
            .network(ServerSpec.Network.privateNetwork(network, "10.9.0.50"))
            .login("runner", List.of("ssh-ed25519 AAAA key@bus"))
            .labels(Map.of("managed-by", "bus-integration-upcloud"))
            .build();

    var created = cloud.create(spec);

    JsonNode s = lastBody("POST /server").get("server");
    assertEquals("fi-hel2", s.get("zone").asText());
    assertEquals("runner", s.get("title").asText());
    assertEquals("runner.example", s.get("hostname").asText());
    assertEquals("CLOUDNATIVE-1xCPU-4GB", s.get("plan").asText());
    assertEquals("yes", s.get("metadata").asText());
    assertEquals("none", s.get("password_delivery").asText());
    assertEquals("no", s.get("remote_access_enabled").asText());
    assertEquals(
        JSON.readTree(
            "{\"label\":[{\"key\":\"managed-by\",\"value\":\"bus-integration-upcloud\"}]}"),
        s.get("labels"));
    assertEquals(
        JSON.readTree(
            "{\"username\":\"runner\",\"create_password\":\"no\","
                + "\"ssh_keys\":{\"ssh_key\":[\"ssh-ed25519 AAAA key@bus\"]}}"),
        s.get("login_user"));
    JsonNode disk = s.get("storage_devices").get("storage_device").get(0);
    assertEquals("clone", disk.get("action").asText());
    assertEquals(simulator.defaultTemplateUuid(), disk.get("storage").asText());
    assertEquals(25, disk.get("size").asInt());
    assertTrue(disk.get("size").isNumber());
    assertEquals("maxiops", disk.get("tier").asText());
    JsonNode nics = s.get("networking").get("interfaces").get("interface");
    assertEquals(2, nics.size());
    assertEquals("private", nics.get(0).get("type").asText());
    assertEquals(network, nics.get(0).get("network").asText());
    assertEquals(
        JSON.readTree("{\"ip_address\":[{\"family\":\"IPv4\",\"address\":\"10.9.0.50\"}]}"),
        nics.get(0).get("ip_addresses"));
    assertEquals("utility", nics.get(1).get("type").asText());
    assertEquals("10.9.0.50", created.privateIpv4(network).orElseThrow());
    assertEquals("maintenance", created.providerState());
  }

  @Test
  void createInPublicModeSendsAPublicAndAUtilityNic() throws Exception {
    ServerSpec spec =
        ServerSpec.builder()
            .zone("fi-hel2")
            .title("pub")
            .plan("1xCPU-2GB")
            .disk(simulator.defaultTemplateUuid(), 10, true)
            .build();

    var created = cloud.create(spec);

    JsonNode nics = lastBody("POST /server").get("server").get("networking").get("interfaces");
    assertEquals(
        JSON.readTree(
            "{\"interface\":[{\"type\":\"public\",\"ip_addresses\":{\"ip_address\":[{\"family\":\"IPv4\"}]}},"
                + "{\"type\":\"utility\",\"ip_addresses\":{\"ip_address\":[{\"family\":\"IPv4\"}]}}]}"),
        nics);
    assertTrue(created.publicIpv4().isPresent());
    assertTrue(created.privateInterface(null).isEmpty());
  }

  @Test
  void labelFiltersAreRepeatedUrlEncodedParameters() {
    simulator.seedServer("a", "started", Map.of("managed-by", "bus upcloud", "bus-runner", "r&1"));
    simulator.seedServer("b", "started", Map.of("managed-by", "bus upcloud"));

    var found = cloud.listByLabels(Map.of("managed-by", "bus upcloud", "bus-runner", "r&1"));

    assertEquals(List.of("a"), found.stream().map(s -> s.title()).toList());
    String query = simulator.requests("GET /server").get(0).query();
    assertTrue(query.contains("label=managed-by%3Dbus%20upcloud"), query);
    assertTrue(query.contains("label=bus-runner%3Dr%261"), query);
    assertEquals(2, query.split("&").length, query);
  }

  @Test
  void listingWithoutLabelsSendsNoFilter() {
    simulator.seedServer("a", "started");

    assertEquals(1, cloud.listByLabels(Map.of()).size());
    assertNull(simulator.requests("GET /server").get(0).query());
  }

  @Test
  void deleteAsksForStoragesAndBackupsOnlyWhenWanted() {
    String withDisks = simulator.seedServer("a", "stopped");
    String keepDisks = simulator.seedServer("b", "stopped");

    cloud.delete(withDisks, true);
    cloud.delete(keepDisks, false);

    List<RecordedRequest> deletes = simulator.requests("DELETE /server/{uuid}");
    assertEquals("storages=1&backups=delete", deletes.get(0).query());
    assertNull(deletes.get(1).query());
    assertEquals(1, simulator.storages().size());
  }

  @Test
  void nameLookupsAreCachedUntilTheServerIsGone() {
    String first = simulator.seedServer("vm", "stopped");

    assertEquals(first, cloud.find("vm").orElseThrow().uuid());
    assertEquals(first, cloud.find("vm").orElseThrow().uuid());
    assertEquals(1, simulator.count("GET /server"));

    CloudServers other =
        UpCloudServers.create(UpCloudSettings.of(simulator.baseUrl(), simulator.token()));
    other.delete(first, true);
    String second = simulator.seedServer("vm", "started");

    assertEquals(second, cloud.find("vm").orElseThrow().uuid());
    assertEquals(2, simulator.count("GET /server"));
  }

  @Test
  void malformedUuidsAreRefused() {
    CloudException local = assertThrows(CloudException.class, () -> cloud.get("../account"));
    assertEquals(Kind.BAD_REQUEST, local.kind());
    assertEquals(0, simulator.requests().size());

    CloudException remote = assertThrows(CloudException.class, () -> cloud.start("invalid"));
    assertEquals(Kind.BAD_REQUEST, remote.kind());
    assertEquals("SERVER_INVALID", remote.errorCode());
    assertTrue(remote.getMessage().contains("(HTTP 400)"), remote.getMessage());
  }

  @Test
  void missingStorageIsAbsentAndDeletingItIsFine() {
    String gone = "01000000-0000-4000-8000-00000000dead";

    assertFalse(cloud.storageExists(gone));
    cloud.deleteStorage(gone);
    assertEquals(1, simulator.count("DELETE /storage/{uuid}"));
  }
}
