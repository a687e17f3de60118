package com.busdk.upcloud.archfixtures.clean.upcloud;

import com.busdk.upcloud.archfixtures.clean.ports.Servers;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Request;
import java.time.Duration;

final class FeignServers implements Servers {
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public String state(String name, Duration timeout) {
    return mapper.getClass().getSimpleName() + Request.HttpMethod.GET + name;
  }
}
