package com.busdk.upcloud.ssh;

import com.busdk.upcloud.ports.Reachability;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Reachable means the TCP handshake to {@code host:port} completes within the timeout. */
final class TcpReachability implements Reachability {

  @Override
  public ProbeResult probe(String host, int port, Duration timeout) {
    ProbeFailures.checkTarget(host, port);
    int timeoutMillis = ProbeFailures.timeoutMillis(timeout);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      return ProbeResult.ok();
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      return ProbeResult.unreachable(ProbeFailures.describe(e));
    }
  }
}
