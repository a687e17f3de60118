package com.busdk.upcloud.ports;

import java.util.Arrays;
import java.util.Optional;

/**
 * The request/response event families this worker speaks, with the Events API resource scope each
 * needs to listen and publish.
 */
public enum BusEventName {
  VM_STATUS("bus.vm.status", "vm:read"),
  VM_START("bus.vm.start", "vm:write"),
  VM_STOP("bus.vm.stop", "vm:write"),
  CONTAINERS_STATUS("bus.containers.status", "container:read"),
  CONTAINERS_RUN("bus.containers.run", "container:run"),
  CONTAINERS_DELETE("bus.containers.delete", "container:delete"),
  RUNNER_STATUS("bus.containers.runner.status", "container:admin"),
  RUNNER_START("bus.containers.runner.start", "container:admin"),
  RUNNER_DELETE("bus.containers.runner.delete", "container:admin"),
  SSH_SCRIPT_RUN("bus.ssh.script.run", "ssh:run");

  private final String base;
  private final String scope;

  BusEventName(String base, String scope) {
    this.base = base;
    this.scope = scope;
  }

  public String request() {
    return base + ".request";
  }

  public String response() {
    return base + ".response";
  }

  /** The Events API resource scope needed to listen to and publish this family. */
  public String scope() {
    return scope;
  }

  /**
   * True for requests that change something (run, delete, start, stop, runner admin): they must not
   * be executed twice, so their answers are kept for redelivery. Reads are simply answered again.
   */
  public boolean changesState() {
    return this != VM_STATUS && this != CONTAINERS_STATUS && this != RUNNER_STATUS;
  }

  /** Finds the family of a request or response name. */
  public static Optional<BusEventName> ofEventName(String name) {
    return Arrays.stream(values())
        .filter(n -> n.request().equals(name) || n.response().equals(name))
        .findFirst();
  }
}
