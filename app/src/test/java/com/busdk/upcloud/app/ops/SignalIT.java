package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker as systemd runs it: started as a process, stopped with SIGTERM, it finishes
 * and exits 0 (not the JVM's 143 for a signal), logging that it stopped.
 */
class SignalIT {
  private static final Path JAR = Path.of("target", "bus-integration-upcloud.jar");

  @Test
  void sigtermStopsTheWorkerCleanlyWithExitZero() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the worker first: " + JAR.toAbsolutePath());
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process worker =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-jar",
                    JAR.toString(),
                    "--local",
                    "--local-port=" + port,
                    // Not the default port next to the Events API's: that one was never checked
                    // free, and a worker that cannot bind it exits before it is ready.
                    "--health-listen=127.0.0.1:0",
                    "--shutdown-grace=5s"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    StringBuilder log = new StringBuilder();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(
                      new InputStreamReader(worker.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                  synchronized (log) {
                    log.append(line).append('\n');
                  }
                  if (line.contains("ready: listening to")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            });
    reader.start();
    try {
      var unused = worker.onExit().thenRun(() -> ready.complete(null));
      try {
        ready.get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        synchronized (log) {
          throw new AssertionError("the worker was not ready in 30 s:\n" + log, e);
        }
      }
      synchronized (log) {
        assertTrue(worker.isAlive(), "the worker exited before it was ready:\n" + log);
      }
      // SIGTERM through the handle: Process.destroy() would also close our end of its stderr.
      assertTrue(worker.toHandle().destroy(), "SIGTERM not sent");
      assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "worker did not stop");
      reader.join(5_000);
      synchronized (log) {
        assertEquals(0, worker.exitValue(), log.toString());
        assertTrue(log.toString().contains("stop requested"), log.toString());
        assertTrue(log.toString().contains("worker stopped exit_code=0"), log.toString());
      }
    } finally {
      worker.destroyForcibly();
    }
  }
}
