package com.busdk.upcloud.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.IpAddress;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.NetworkInterface;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.upcloud.UpCloudWire.NetworkEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.NetworkListEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.ServerEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.ServerListEnvelope;
import com.busdk.upcloud.upcloud.UpCloudWire.StorageListEnvelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every response body recorded by UpCloud's Go SDK tests, mapped field by field. */
class FixtureParsingTest {
  private final ObjectMapper mapper = UpCloudClient.mapper();

  private <T> T read(String name, Class<T> type) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
      assertTrue(in != null, "missing fixture " + name);
      return mapper.readValue(in, type);
    }
  }

  private ServerDetails server(String name) throws IOException {
    return UpCloudMapping.details(read(name, ServerEnvelope.class));
  }

  @Test
  void createResponseIsInMaintenanceWithUtilityAndPublicNics() throws IOException {
    ServerDetails s = server("getserverdetails-0-post-server.json");

    assertEquals("00e83945-059a-4351-9bd4-e7c60b50fccd", s.uuid());
    assertEquals("uploud-go-sdk-integration-test-getserverdetails", s.title());
    assertEquals("uploud-go-sdk-integration-test-getserverdetails.example.com", s.hostname());
    assertEquals("fi-hel2", s.zone());
    assertEquals("maintenance", s.providerState());
    assertEquals(LifecycleState.MAINTENANCE, s.state());
    assertEquals(
        Map.of("managedBy", "upcloud-sdk-integration-test", "testName", "getserverdetails"),
        s.labels());
    assertEquals(List.of("01865c5c-fb05-4c06-9003-dbbb64681c6b"), s.storageUuids());
    assertEquals(
        List.of(
            new IpAddress("10.6.6.188", "IPv4", "utility"),
            new IpAddress("2a04:3545:1000:720:d845:c4ff:fe5c:7584", "IPv6", "public"),
            new IpAddress("94.237.12.182", "IPv4", "public")),
        s.ipAddresses());
    assertEquals(
        new NetworkInterface(
            1,
            "utility",
            "da:45:c4:5c:cf:77",
            "0343ede2-9890-4470-b680-0dcda6d9f7e3",
            List.of(new IpAddress("10.6.6.188", "IPv4", ""))),
        s.interfaces().get(0));
    assertEquals(3, s.interfaces().size());
    assertEquals("da:45:c4:5c:4a:e0", s.interfaces().get(1).mac());
    assertEquals("03000000-0000-4000-8095-000000000000", s.interfaces().get(1).networkUuid());
    assertEquals("94.237.12.182", s.publicIpv4().orElseThrow());
    assertTrue(s.privateInterface(null).isEmpty());
  }

  @Test
  void privateAddressAndMacComeOnlyFromTheInterfaces() throws IOException {
    ServerDetails s = server("createnetworkandserver-7-get-server-uuid.json");
    String privateNet = "037e40d7-399a-4575-a1af-b688836bff80";

    assertEquals("00b3806a-16f9-4ee3-bcb3-cbaca7461ddb", s.uuid());
    assertEquals("started", s.providerState());
    assertEquals(LifecycleState.READY, s.state());
    assertEquals("172.16.0.2", s.privateIpv4(privateNet).orElseThrow());
    NetworkInterface nic = s.privateInterface(privateNet).orElseThrow();
    assertEquals("da:45:c4:5c:f1:b8", nic.mac());
    assertEquals(4, nic.index());
    assertTrue(s.ipAddresses().stream().noneMatch(ip -> ip.address().equals("172.16.0.2")));
    assertEquals("94.237.106.28", s.publicIpv4().orElseThrow());
    assertEquals(List.of("0163ee97-abdd-4e0a-a53a-92f772a1aa10"), s.storageUuids());
    assertEquals("TestCreateNetworkAndServer", s.labels().get("testName"));
  }

  @Test
  void everyServerBodyInTheCassettesParses() throws IOException {
    String[] names = {
      "createdeleteserverandstorage-0-post-server.json",
      "createdeleteserverandstorage-1-get-server-uuid.json",
      "createdeleteserverandstorage-2-post-server-uuid-stop.json",
      "createnetworkandserver-1-post-server.json",
      "createnetworkandserver-2-get-server-uuid.json",
      "createnetworkandserver-3-get-server-uuid.json",
      "createnetworkandserver-4-get-server-uuid.json",
      "createnetworkandserver-5-get-server-uuid.json",
      "createnetworkandserver-6-get-server-uuid.json",
      "createstartstopserver-0-post-server.json",
      "createstartstopserver-1-get-server-uuid.json",
      "createstartstopserver-2-post-server-uuid-stop.json",
      "createstartstopserver-3-get-server-uuid.json",
      "createstartstopserver-4-post-server-uuid-start.json",
      "getnetworksinzone-0-post-server.json",
      "getnetworksinzone-1-get-server-uuid.json",
      "getserverdetails-1-get-server-uuid.json",
      "getserverswithfilters-0-post-server.json",
      "getserverswithfilters-1-get-server-uuid.json"
    };
    for (String name : names) {
      ServerDetails s = server(name);
      assertTrue(s.uuid().startsWith("00"), name);
      assertTrue(!s.providerState().isEmpty(), name);
      assertEquals(1, s.storageUuids().size(), name);
      assertTrue(s.interfaces().size() >= 1, name);
      assertTrue(s.interfaces().stream().allMatch(n -> n.mac().matches("[0-9a-f:]{17}")), name);
    }
  }

  @Test
  void startAndStopAnswersCarryTheRecordedStates() throws IOException {
    // Stop answers at once with the server still started; start answers once it runs.
    assertEquals(
        "started", server("createstartstopserver-2-post-server-uuid-stop.json").providerState());
    assertEquals("stopped", server("createstartstopserver-3-get-server-uuid.json").providerState());
    assertEquals(
        "started", server("createstartstopserver-4-post-server-uuid-start.json").providerState());
  }

  @Test
  void serverListKeepsDuplicateTitlesAndLabels() throws IOException {
    var list = read("getserverswithfilters-2-get-server.json", ServerListEnvelope.class);
    List<ServerSummary> servers =
        list.servers().server().stream().map(UpCloudMapping::summary).toList();

    assertEquals(2, servers.size());
    assertEquals("009a78e4-5595-4551-8ba2-88eb0daaad29", servers.get(0).uuid());
    assertEquals("00a47181-df7b-42c2-a6cc-107c9603e1e8", servers.get(1).uuid());
    assertEquals(servers.get(0).title(), servers.get(1).title());
    assertEquals(servers.get(0).hostname(), servers.get(1).hostname());
    assertEquals("started", servers.get(0).providerState());
    assertEquals(
        Map.of("managedBy", "upcloud-sdk-integration-test", "testName", "getserverswithfilters"),
        servers.get(0).labels());
  }

  @Test
  void networksInZoneMapTypeNameAndZone() throws IOException {
    var list = read("getnetworksinzone-2-get-network.json", NetworkListEnvelope.class);
    var networks = list.networks().network().stream().map(UpCloudMapping::network).toList();

    assertEquals(9, networks.size());
    assertEquals("03000000-0000-4000-8044-000000000000", networks.get(0).uuid());
    assertEquals("Public 94.237.8.0/22", networks.get(0).name());
    assertEquals("public", networks.get(0).type());
    assertEquals("utility", networks.get(1).type());
    assertTrue(networks.stream().allMatch(n -> n.zone().equals("fi-hel2")));

    var one = read("getnetworksinzone-3-get-network-uuid.json", NetworkEnvelope.class);
    assertEquals("0343ede2-9890-4470-b680-0dcda6d9f7e3", one.network().uuid());
    assertEquals("Private 10.6.4.0/22", one.network().name());

    var created = read("createnetworkandserver-0-post-network.json", NetworkEnvelope.class);
    assertEquals("private", created.network().type());
    assertEquals("test_network_tcns (test)", created.network().name());
  }

  @Test
  void storageListParsesWithPlainArrayLabels() throws IOException {
    var list =
        read("createdeleteserverandstorage-4-get-storage-private.json", StorageListEnvelope.class);
    var first = list.storages().storage().get(0);
    assertEquals("0104bbc3-bf73-42e0-b161-c5c6660d5827", first.uuid());
    assertEquals("disk1", first.title());
    assertEquals(10, first.size());
    assertEquals("online", first.state());
    assertEquals(Map.of(), UpCloudWire.labels(mapper.readTree("[]")));
    assertEquals(
        Map.of("k", "v"), UpCloudWire.labels(mapper.readTree("[{\"key\":\"k\",\"value\":\"v\"}]")));
  }
}
