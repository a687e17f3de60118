package com.busdk.upcloud.archfixtures.clean.ports;

/** The clean shape: publish takes a payload type of the ports. */
public interface TypedEventBus {
  void publish(String name, String correlationId, Payload payload);

  /** A reply record's marker. */
  interface Payload {}
}
