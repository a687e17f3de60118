package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stream endpoint that writes exactly the bytes a test gives it, for input the embedded server
 * would never produce (malformed and oversized lines), and records what the client sent.
 */
final class RawStreamServer implements AutoCloseable {
  record Seen(URI uri, Headers headers) {}

  private final HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  final LinkedBlockingQueue<Seen> requests = new LinkedBlockingQueue<>();

  RawStreamServer(List<String> chunks) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          requests.add(new Seen(exchange.getRequestURI(), exchange.getRequestHeaders()));
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (String chunk : chunks) {
              out.write(chunk.getBytes(UTF_8));
              out.flush();
            }
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            // The client hung up; nothing left to write.
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
