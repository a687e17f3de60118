package com.busdk.upcloud.archfixtures.broken.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks "domain depends only on ports, the JDK and SLF4J". */
public final class DomainUsingJackson {
  private final ObjectMapper mapper = new ObjectMapper();

  public String json(Object value) throws Exception {
    return mapper.writeValueAsString(value);
  }
}
