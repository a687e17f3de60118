package com.busdk.upcloud.archfixtures.broken.ports;

/** Breaks "publish takes typed payloads": any object goes, so the domain builds wire maps. */
public interface LooseEventBus {
  void publish(String name, String correlationId, Object payload);
}
