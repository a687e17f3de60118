package com.busdk.upcloud.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP server that is not SSH. With a greeting it writes it and hangs up, as an HTTP
 * server does on a request it cannot parse; without one it stays silent and keeps the connection
 * open until closed.
 */
final class PlainTcpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  PlainTcpServer(String greeting) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    byte[] bytes = greeting.getBytes(StandardCharsets.US_ASCII);
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  accepted.add(client);
                  OutputStream out = client.getOutputStream();
                  if (bytes.length > 0) {
                    out.write(bytes);
                    out.flush();
                    client.close();
                  }
                } catch (IOException e) {
                  if (!(e instanceof SocketException)) {
                    throw new IllegalStateException(e);
                  }
                }
              }
            },
            "plain-tcp-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket client : accepted) {
      client.close();
    }
  }
}
