package com.busdk.upcloud.archfixtures.clean.testkit.upcloud;

import com.busdk.upcloud.archfixtures.clean.ports.Servers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

public final class InMemoryServers implements Servers {
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public String state(String name, Duration timeout) {
    return mapper.createObjectNode().put("state", "started").toString();
  }
}
