package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.upcloud.CloudServersContract;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The shared contract, with the real adapter talking HTTP to the local simulator. */
class UpCloudServersContractTest extends CloudServersContract {
  private final UpCloudSimulator simulator = UpCloudSimulator.start();
  private final CloudServers cloud =
      UpCloudServers.create(
          UpCloudSettings.of(simulator.baseUrl(), simulator.token())
              .withRetries(2, Duration.ofMillis(10), new FakeTime()));

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Override
  protected CloudServers cloudServers() {
    return cloud;
  }

  @Override
  protected String seedServer(
      String title, String hostname, String state, Map<String, String> labels) {
    return simulator.seedServer(title, hostname, state, labels, null);
  }

  @Override
  protected String seedPrivateNetwork(String name, String zone) {
    return simulator.seedPrivateNetwork(name, zone, "10.0.0.0/24");
  }

  @Override
  protected String seedTemplate(String title, String templateType) {
    return simulator.seedTemplate(title, templateType);
  }

  @Override
  protected Set<String> existingStorages() {
    return simulator.storages();
  }
}
