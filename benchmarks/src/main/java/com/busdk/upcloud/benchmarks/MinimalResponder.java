package com.busdk.upcloud.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dispatch baseline: the least code that serves {@code bus.vm.status.request} from the Events
 * API, with the JDK {@link HttpClient} alone. It reads the same unicast stream as the worker and
 * publishes the same response payload, on as many threads as the worker allows in flight by
 * default; it parses nothing but the correlation id and does no logging.
 *
 * <p>Arguments: collection URL, group, consumer, file holding the response payload JSON, threads.
 * The token comes from {@code BUS_API_TOKEN}.
 */
public final class MinimalResponder {
  private static final Pattern CORRELATION =
      Pattern.compile("\"correlationId\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private MinimalResponder() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    URI collection = URI.create(args[0]);
    String group = args[1];
    String consumer = args[2];
    String payload = Files.readString(Path.of(args[3])).strip();
    int threads = Integer.parseInt(args[4]);
    String token = System.getenv("BUS_API_TOKEN");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    URI stream =
        URI.create(
            collection
                + "/stream?name=bus.vm.status.request&delivery=unicast&group="
                + group
                + "&consumer="
                + consumer);
    HttpRequest listen =
        HttpRequest.newBuilder(stream).header("Authorization", "Bearer " + token).GET().build();
    HttpResponse<InputStream> response =
        client.send(listen, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("stream refused: " + response.statusCode());
    }
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher m = CORRELATION.matcher(line);
        if (line.isBlank() || !m.find()) {
          continue;
        }
        String body =
            "{\"name\":\"bus.vm.status.response\",\"correlationId\":\""
                + m.group(1)
                + "\",\"payload\":"
                + payload
                + "}";
        HttpRequest publish =
            HttpRequest.newBuilder(collection)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8))
                .build();
        pool.execute(() -> send(client, publish));
      }
    }
  }

  private static void send(HttpClient client, HttpRequest publish) {
    try {
      client.send(publish, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      System.err.println("publish failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
