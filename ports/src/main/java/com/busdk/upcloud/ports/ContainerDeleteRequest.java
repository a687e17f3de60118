package com.busdk.upcloud.ports;

/** {@code bus.containers.delete.request} payload. */
public record ContainerDeleteRequest(String runId) {
  public ContainerDeleteRequest {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException("run_id is required");
    }
  }
}
