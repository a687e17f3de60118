package com.busdk.upcloud.testkit.upcloud;

import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ServerDetails;
import java.util.Map;
import java.util.Set;

class InMemoryCloudServersContractTest extends CloudServersContract {
  private final InMemoryCloudServers cloud = new InMemoryCloudServers();

  @Override
  protected CloudServers cloudServers() {
    return cloud;
  }

  @Override
  protected String seedServer(
      String title, String hostname, String state, Map<String, String> labels) {
    return cloud.addServer(title, hostname, state, labels).uuid();
  }

  @Override
  protected String seedPrivateNetwork(String name, String zone) {
    return cloud.addPrivateNetwork(name, zone).uuid();
  }

  @Override
  protected String seedTemplate(String title, String templateType) {
    return cloud.addTemplate(title, templateType).uuid();
  }

  @Override
  protected Set<String> existingStorages() {
    return cloud.storages();
  }

  @Override
  protected void settle(String uuid) {
    ServerDetails server = cloud.get(uuid);
    if ("maintenance".equals(server.providerState())) {
      cloud.setState(uuid, "started");
    }
  }
}
