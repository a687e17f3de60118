package com.busdk.upcloud.events;

import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.testkit.events.EventBusContract;

class HttpEventBusContractTest extends EventBusContract {
  private EmbeddedEventsServer server;

  @Override
  protected EventBus newBus() {
    server = new EmbeddedEventsServer(0).start();
    return Fixtures.bus(server);
  }

  @Override
  protected void cleanUp() {
    server.close();
  }
}
