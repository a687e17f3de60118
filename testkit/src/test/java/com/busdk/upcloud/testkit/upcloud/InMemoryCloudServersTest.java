package com.busdk.upcloud.testkit.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers.StopType;
import com.busdk.upcloud.ports.NetworkInfo;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.TemplateInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryCloudServersTest {
  private final InMemoryCloudServers cloud = new InMemoryCloudServers();

  @Test
  void injectedFailureIsThrownOnceAndCounted() {
    ServerDetails vm = cloud.addServer("vm", "stopped");
    CloudException boom = new CloudException(CloudException.Kind.PROVIDER, "", "boom");
    cloud.failNext("start", boom);

    assertEquals(boom, assertThrows(CloudException.class, () -> cloud.start(vm.uuid())));
    assertEquals("started", cloud.start(vm.uuid()).providerState());
    assertEquals(2, cloud.calls("start"));
    assertEquals(0, cloud.calls("stop"));
  }

  @Test
  void createThatFailsAfterCreatingLeavesALabelledServer() {
    TemplateInfo template = cloud.addTemplate("Ubuntu", "cloud-init");
    NetworkInfo net = cloud.addPrivateNetwork("private", "fi-hel2");
    cloud.failNextCreateAfterCreating(
        new CloudException(CloudException.Kind.FORBIDDEN, "ACTION_FORBIDDEN", "forbidden"));
    ServerSpec spec =
        ServerSpec.builder()
            .zone("fi-hel2")
            .title("runner")
            .plan("1xCPU-2GB")
            .disk(template.uuid(), 20, true)
            .network(ServerSpec.Network.privateNetwork(net.uuid(), "10.0.0.42"))
            .labels(Map.of("bus-runner", "runner"))
            .build();

    assertThrows(CloudException.class, () -> cloud.create(spec));

    List<?> found = cloud.listByLabels(Map.of("bus-runner", "runner"));
    assertEquals(1, found.size());
    ServerDetails created = cloud.servers().get(0);
    assertEquals("maintenance", created.providerState());
    assertEquals("10.0.0.42", created.privateIpv4(net.uuid()).orElseThrow());
  }

  @Test
  void stopThenDeleteWithoutStoragesLeavesTheDisk() {
    ServerDetails vm = cloud.addServer("vm", "started");
    cloud.stop(vm.uuid(), StopType.SOFT, Duration.ofSeconds(60));
    cloud.delete(vm.uuid(), false);

    assertTrue(cloud.servers().isEmpty());
    assertEquals(1, cloud.storages().size());
    String disk = vm.storageUuids().get(0);
    assertTrue(cloud.storageExists(disk));
    cloud.deleteStorage(disk);
    assertTrue(cloud.storages().isEmpty());
  }
}
