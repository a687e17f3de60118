package com.busdk.upcloud.archfixtures.clean.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

public final class LocalEventsServer {
  private final ObjectMapper mapper = new ObjectMapper();

  public HttpServer open() throws IOException {
    mapper.getClass();
    return HttpServer.create(new InetSocketAddress(0), 0);
  }
}
