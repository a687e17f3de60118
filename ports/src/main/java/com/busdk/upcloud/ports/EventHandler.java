package com.busdk.upcloud.ports;

/** Receives events from a subscription. */
@FunctionalInterface
public interface EventHandler {
  void onEvent(BusEvent event);
}
