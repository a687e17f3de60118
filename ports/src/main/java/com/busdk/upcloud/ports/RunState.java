package com.busdk.upcloud.ports;

/** The state of one container run, as published in container status items. */
public enum RunState {
  RUNNING("running"),
  /** The container process finished, whatever its exit code. */
  COMPLETED("completed"),
  /** Infrastructure failure: the runner or the ssh-runner could not run it. */
  FAILED("failed"),
  /** The run hit its timeout on the runner. */
  TIMEOUT("timeout"),
  DELETED("deleted");

  private final String wire;

  RunState(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
