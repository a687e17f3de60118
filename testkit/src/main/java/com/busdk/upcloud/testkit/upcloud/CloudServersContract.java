package com.busdk.upcloud.testkit.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.CloudServers.StopType;
import com.busdk.upcloud.ports.LifecycleState;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.ServerSummary;
import com.busdk.upcloud.ports.TemplateInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CloudServers} must share, run against the in-memory fake and against
 * the UpCloud adapter talking to {@link UpCloudSimulator}. Subclasses provide the implementation
 * under test and the seeding hooks; a fresh world per test is expected.
 */
public abstract class CloudServersContract {
  protected static final String ZONE = "fi-hel2";
  protected static final String UNKNOWN_UUID = "00000000-0000-4000-8000-00000000dead";

  /** The implementation under test, bound to the world the seeding hooks write to. */
  protected abstract CloudServers cloudServers();

  /** Seeds a server (one disk, no private NIC) and returns its UUID. */
  protected abstract String seedServer(
      String title, String hostname, String state, Map<String, String> labels);

  /** Seeds a private network in {@code zone} and returns its UUID. */
  protected abstract String seedPrivateNetwork(String name, String zone);

  /** Seeds a template and returns its UUID. */
  protected abstract String seedTemplate(String title, String templateType);

  /** The storages that exist now, from the provider's point of view. */
  protected abstract Set<String> existingStorages();

  /**
   * Lets pending provider transitions (create → started, stop → stopped) complete. The simulator
   * runs them with zero delay; the fake needs a nudge.
   */
  protected void settle(String uuid) {}

  @Test
  public void findsByTitleHostnameAndUuid() {
    String uuid = seedServer("vm-a", "vm-a.example.com", "stopped", Map.of());
    seedServer("vm-b", "vm-b.example.com", "started", Map.of());

    assertEquals(uuid, cloudServers().find("vm-a").orElseThrow().uuid());
    assertEquals(uuid, cloudServers().find("vm-a.example.com").orElseThrow().uuid());
    ServerDetails byUuid = cloudServers().find(uuid).orElseThrow();
    assertEquals("vm-a", byUuid.title());
    assertEquals("stopped", byUuid.providerState());
    assertEquals(1, byUuid.storageUuids().size());
    assertTrue(cloudServers().find("vm-c").isEmpty());
    assertTrue(cloudServers().find(UNKNOWN_UUID).isEmpty());
  }

  @Test
  public void ambiguousNameNamesEveryMatch() {
    String first = seedServer("twin", "twin-1", "started", Map.of());
    String second = seedServer("twin", "twin-2", "started", Map.of());

    CloudException e = assertThrows(CloudException.class, () -> cloudServers().find("twin"));
    assertEquals(CloudException.Kind.AMBIGUOUS, e.kind());
    assertTrue(e.getMessage().contains(first), e.getMessage());
    assertTrue(e.getMessage().contains(second), e.getMessage());
  }

  @Test
  public void getOfUnknownUuidIsNotFound() {
    CloudException e = assertThrows(CloudException.class, () -> cloudServers().get(UNKNOWN_UUID));
    assertEquals(CloudException.Kind.NOT_FOUND, e.kind());
    assertEquals("SERVER_NOT_FOUND", e.errorCode());
  }

  @Test
  public void startsAStoppedServerAndRefusesToStartItAgain() {
    String uuid = seedServer("vm", "vm", "stopped", Map.of());

    cloudServers().start(uuid);
    settle(uuid);
    assertEquals(LifecycleState.READY, cloudServers().get(uuid).state());

    CloudException e = assertThrows(CloudException.class, () -> cloudServers().start(uuid));
    assertEquals(CloudException.Kind.BUSY, e.kind());
    assertEquals("SERVER_STATE_ILLEGAL", e.errorCode());
  }

  @Test
  public void stopsAStartedServerAndRefusesToStopItAgain() {
    String uuid = seedServer("vm", "vm", "started", Map.of());

    cloudServers().stop(uuid, StopType.SOFT, Duration.ofSeconds(60));
    settle(uuid);
    assertEquals(LifecycleState.STOPPED, cloudServers().get(uuid).state());

    CloudException e =
        assertThrows(
            CloudException.class,
            () -> cloudServers().stop(uuid, StopType.HARD, Duration.ofSeconds(5)));
    assertEquals(CloudException.Kind.BUSY, e.kind());
    assertEquals("SERVER_STATE_ILLEGAL", e.errorCode());
  }

  @Test
  public void maintenanceRefusesStateChanges() {
    String uuid = seedServer("busy", "busy", "maintenance", Map.of());

    CloudException start = assertThrows(CloudException.class, () -> cloudServers().start(uuid));
    assertTrue(start.isBusy());
    assertTrue(start.getMessage().contains("maintenance"), start.getMessage());
    CloudException delete =
        assertThrows(CloudException.class, () -> cloudServers().delete(uuid, true));
    assertEquals(CloudException.Kind.BUSY, delete.kind());
  }

  @Test
  public void createsOnThePrivateNetworkAndListsByLabels() {
    String template = seedTemplate("Debian Runner", "cloud-init");
    String network = seedPrivateNetwork("runners", ZONE);
    ServerSpec spec =
        ServerSpec.builder()
            .zone(ZONE)
            .title("runner-1")
            .plan("CLOUDNATIVE-1xCPU-4GB")
            .disk(template, 25, true)
            .network(ServerSpec.Network.privateNetwork(network, null))
            .login("runner", List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample runner@bus"))
            .labels(Map.of("managed-by", "bus-integration-upcloud", "bus-runner", "runner-1"))
            .build();
    seedServer("other", "other", "started", Map.of("managed-by", "someone-else"));

    ServerDetails created = cloudServers().create(spec);

    assertEquals("runner-1", created.title());
    assertTrue(
        created.state() == LifecycleState.MAINTENANCE || created.state() == LifecycleState.READY,
        created.providerState());
    assertFalse(created.privateIpv4(network).orElseThrow().isEmpty());
    assertFalse(created.privateInterface(network).orElseThrow().mac().isEmpty());
    assertEquals(1, created.storageUuids().size());
    settle(created.uuid());

    List<ServerSummary> mine =
        cloudServers()
            .listByLabels(
                Map.of("managed-by", "bus-integration-upcloud", "bus-runner", "runner-1"));
    assertEquals(List.of(created.uuid()), mine.stream().map(ServerSummary::uuid).toList());
    assertEquals("runner-1", mine.get(0).labels().get("bus-runner"));
    assertTrue(cloudServers().listByLabels(Map.of("bus-runner", "runner-2")).isEmpty());
    assertEquals(2, cloudServers().listByLabels(Map.of()).size());
    ServerDetails fetched = cloudServers().get(created.uuid());
    assertEquals(created.privateIpv4(network), fetched.privateIpv4(network));
  }

  @Test
  public void createHonoursAFixedPrivateAddress() {
    String template = seedTemplate("Debian Runner", "cloud-init");
    String network = seedPrivateNetwork("runners", ZONE);
    ServerSpec spec =
        ServerSpec.builder()
            .zone(ZONE)
            .title("fixed")
            .plan("1xCPU-2GB")
            .disk(template, 10, true)
            .network(ServerSpec.Network.privateNetwork(network, "10.0.0.77"))
            .build();

    ServerDetails created = cloudServers().create(spec);

    assertEquals("10.0.0.77", created.privateIpv4(network).orElseThrow());
  }

  @Test
  public void deleteWithStoragesRemovesTheDisks() {
    String uuid = seedServer("doomed", "doomed", "stopped", Map.of());
    List<String> disks = cloudServers().get(uuid).storageUuids();

    cloudServers().delete(uuid, true);

    CloudException e = assertThrows(CloudException.class, () -> cloudServers().get(uuid));
    assertEquals(CloudException.Kind.NOT_FOUND, e.kind());
    assertFalse(cloudServers().storageExists(disks.get(0)));
    assertFalse(existingStorages().contains(disks.get(0)));
  }

  @Test
  public void deleteWithoutStoragesLeavesTheDiskUntilDeletedOnItsOwn() {
    String uuid = seedServer("doomed", "doomed", "stopped", Map.of());
    String disk = cloudServers().get(uuid).storageUuids().get(0);

    cloudServers().delete(uuid, false);

    assertTrue(cloudServers().find(uuid).isEmpty());
    assertTrue(cloudServers().storageExists(disk));
    cloudServers().deleteStorage(disk);
    assertFalse(cloudServers().storageExists(disk));
    cloudServers().deleteStorage(disk);
  }

  @Test
  public void deleteOfAStartedServerIsAConflict() {
    String uuid = seedServer("running", "running", "started", Map.of());

    CloudException e = assertThrows(CloudException.class, () -> cloudServers().delete(uuid, true));
    assertEquals(CloudException.Kind.BUSY, e.kind());
    assertEquals("SERVER_STATE_ILLEGAL", e.errorCode());
    assertEquals(LifecycleState.READY, cloudServers().get(uuid).state());
  }

  @Test
  public void findsPrivateNetworksByNameInTheZoneOrByUuid() {
    String network = seedPrivateNetwork("ai-platform-private-fi-hel2", ZONE);
    seedPrivateNetwork("ai-platform-private-fi-hel2", "de-fra1");

    NetworkInfo byName =
        cloudServers().findNetwork(ZONE, "ai-platform-private-fi-hel2").orElseThrow();
    assertEquals(network, byName.uuid());
    assertEquals("private", byName.type());
    assertEquals(ZONE, byName.zone());
    assertEquals(network, cloudServers().findNetwork(ZONE, network).orElseThrow().uuid());
    assertTrue(cloudServers().findNetwork(ZONE, "nope").isEmpty());
    assertTrue(cloudServers().findNetwork(ZONE, "03000000-0000-4000-8000-00000000dead").isEmpty());
  }

  @Test
  public void duplicateNetworkNamesAreAmbiguous() {
    String first = seedPrivateNetwork("dup", ZONE);
    String second = seedPrivateNetwork("dup", ZONE);

    CloudException e =
        assertThrows(CloudException.class, () -> cloudServers().findNetwork(ZONE, "dup"));
    assertEquals(CloudException.Kind.AMBIGUOUS, e.kind());
    assertTrue(e.getMessage().contains(first) && e.getMessage().contains(second), e.getMessage());
  }

  @Test
  public void findsTemplatesByExactTitleOrUuid() {
    String uuid = seedTemplate("Rocky Linux 9", "native");

    TemplateInfo byTitle = cloudServers().findTemplate("Rocky Linux 9").orElseThrow();
    assertEquals(uuid, byTitle.uuid());
    assertFalse(byTitle.cloudInit());
    assertEquals("Rocky Linux 9", cloudServers().findTemplate(uuid).orElseThrow().title());
    assertTrue(cloudServers().findTemplate("Rocky Linux").isEmpty());
  }
}
