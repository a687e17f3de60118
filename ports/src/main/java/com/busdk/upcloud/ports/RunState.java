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

  /**
   * The state whose {@link #wire()} name is {@code wire}.
   *
   * @throws IllegalArgumentException for a name no state has
   */
  public static RunState fromWire(String wire) {
    for (RunState state : values()) {
      if (state.wire.equals(wire)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown run state " + wire);
  }

  @Override
  public String toString() {
    return wire;
  }
}
