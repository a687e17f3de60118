package com.busdk.upcloud.events;

import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.testkit.events.EventBusContract;

class InMemoryEventBusContractTest extends EventBusContract {
  @Override
  protected EventBus newBus() {
    return new InMemoryEventBus();
  }
}
