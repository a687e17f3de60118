package com.busdk.upcloud.testkit.events;

import com.busdk.upcloud.ports.RawJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Payloads that are no reply of this worker, for tests that publish what a requester or a foreign
 * publisher would: a map, list or request record becomes its JSON text (snake_case names, nulls
 * left out), which every bus writes as it is.
 */
public final class TestPayloads {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private TestPayloads() {}

  /** {@code value} (a map, list or tree) as JSON text. */
  public static RawJson json(Object value) {
    try {
      return new RawJson(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
