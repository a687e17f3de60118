package com.busdk.upcloud.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of an Events API that loses publishes the way a network does: some
 * before they reach the server (nothing stored), some after the server stored the event and
 * answered, by closing the connection before the status line reaches the client. Which publish
 * suffers what is drawn from a seeded random, so a failure replays exactly. Stream and replay
 * requests pass through untouched.
 */
final class ReplyLosingProxy implements AutoCloseable {
  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Random random;
  private final double loseRequest;
  private final double loseReply;
  final AtomicInteger lostRequests = new AtomicInteger();
  final AtomicInteger lostReplies = new AtomicInteger();
  final AtomicInteger replays = new AtomicInteger();

  /**
   * @param loseRequest the share of publishes dropped before the server sees them
   * @param loseReply the share of publishes stored by the server whose answer is then dropped
   */
  ReplyLosingProxy(URI upstreamBase, long seed, double loseRequest, double loseReply)
      throws IOException {
    this.upstream = upstreamBase;
    this.random = new Random(seed);
    this.loseRequest = loseRequest;
    this.loseReply = loseReply;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      URI target = upstream.resolve(exchange.getRequestURI().toString());
      HttpRequest.Builder forward = HttpRequest.newBuilder(target);
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (name.equalsIgnoreCase("Authorization")
                    || name.equalsIgnoreCase("Content-Type")
                    || name.equalsIgnoreCase("Accept")) {
                  values.forEach(value -> forward.header(name, value));
                }
              });
      if (exchange.getRequestMethod().equals("POST")) {
        double draw;
        synchronized (random) {
          draw = random.nextDouble();
        }
        if (draw < loseRequest) {
          lostRequests.incrementAndGet();
          // Closing the exchange before any header is sent drops the connection.
          return;
        }
        HttpResponse<byte[]> answer =
            client.send(
                forward.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (draw < loseRequest + loseReply && answer.statusCode() / 100 == 2) {
          lostReplies.incrementAndGet();
          return;
        }
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
        exchange.getResponseBody().write(answer.body());
        return;
      }
      if (exchange.getRequestURI().getQuery() != null
          && exchange.getRequestURI().getQuery().contains("replay=true")) {
        replays.incrementAndGet();
      }
      HttpResponse<InputStream> answer =
          client.send(forward.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      exchange.sendResponseHeaders(answer.statusCode(), 0);
      try (InputStream in = answer.body();
          OutputStream out = exchange.getResponseBody()) {
        in.transferTo(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
