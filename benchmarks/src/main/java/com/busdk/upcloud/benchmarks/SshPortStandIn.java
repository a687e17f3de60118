package com.busdk.upcloud.benchmarks;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;

/**
 * Something listening on loopback port 22, so that the worker's TCP readiness probe of the runner
 * (always port 22) succeeds while the scripts themselves go to the fake ssh-runner over events.
 * Binding port 22 needs root; when something already listens there, that serves as well.
 */
final class SshPortStandIn implements AutoCloseable {
  static final int SSH_PORT = 22;

  private final ServerSocket socket;
  private final Thread acceptor;

  private SshPortStandIn(ServerSocket socket) {
    this.socket = socket;
    this.acceptor = new Thread(this::accept, "ssh-port-stand-in");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /**
   * Listens on 127.0.0.1:22; empty when the port is already taken (someone else answers probes).
   *
   * @throws IOException when the port can be neither bound nor reached
   */
  static Optional<SshPortStandIn> open() throws IOException {
    ServerSocket socket = new ServerSocket();
    // Accepted probes leave port 22 in TIME_WAIT; the next rig must still be able to bind it.
    socket.setReuseAddress(true);
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), SSH_PORT), 512);
      return Optional.of(new SshPortStandIn(socket));
    } catch (BindException e) {
      socket.close();
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), SSH_PORT), 1000);
        return Optional.empty();
      } catch (IOException unreachable) {
        throw new IOException(
            "cannot listen on 127.0.0.1:22 (run as root) and nothing else listens there", e);
      }
    }
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket ignored = socket.accept()) {
        // A completed handshake is all the worker's TCP probe asks for.
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
