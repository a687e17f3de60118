package com.busdk.upcloud.archfixtures.broken.ports;

import com.fasterxml.jackson.databind.JsonNode;

/** Breaks "ports depend only on the JDK". */
public interface PortsUsingJackson {
  JsonNode raw();
}
