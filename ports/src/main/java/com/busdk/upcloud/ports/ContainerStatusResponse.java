package com.busdk.upcloud.ports;

import java.util.List;

/** {@code {"items":[…]}}: only the requester's runs. */
public record ContainerStatusResponse(List<ContainerItem> items) implements EventPayload {
  public ContainerStatusResponse {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
