package com.busdk.upcloud.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port that nothing listens on: bound once to pick it, then released. */
final class ClosedPort {
  private ClosedPort() {}

  static int pick() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
