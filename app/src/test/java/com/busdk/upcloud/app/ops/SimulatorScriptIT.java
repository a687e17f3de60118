package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's simulator commands on a fresh clone: a copy of the checkout without any build
 * output, and a local Maven repository that holds every third-party artifact this build already
 * fetched but no module of this project ({@code com/busdk} is left out). {@code
 * bin/upcloud-simulator} must build what it needs in one reactor invocation and serve, and the
 * worker's {@code --check-vm-status} must read the seeded VM from it.
 *
 * <p>The repository is a tree of symbolic links into the real one, so nothing is downloaded ({@code
 * MAVEN_ARGS=-o}); only our own groupId is missing, which is exactly what broke the script before.
 */
class SimulatorScriptIT {
  private static final Duration BUILD_AND_START = Duration.ofMinutes(6);

  @Test
  void simulatorStartsOnAFreshCloneWithoutOurModulesInstalled(@TempDir Path tmp) throws Exception {
    Path root = Cli.repoRoot();
    Path clone = tmp.resolve("clone");
    copyCheckout(root, clone);
    assertFalse(Files.exists(clone.resolve("testkit/target")), "the copy has no build output");
    Path repo = tmp.resolve("m2");
    linkRepositoryWithoutOurGroup(localRepository(), repo);

    int port = freePort();
    ProcessBuilder simulatorCommand =
        new ProcessBuilder(
                List.of(
                    "bin/upcloud-simulator",
                    "--port",
                    Integer.toString(port),
                    "--token",
                    "sim-token"))
            .directory(clone.toFile())
            .redirectErrorStream(true);
    simulatorCommand.environment().put("MAVEN_OPTS", "-Dmaven.repo.local=" + repo);
    simulatorCommand.environment().put("MAVEN_ARGS", "-o");
    Process simulator = simulatorCommand.start();
    StringBuilder output = new StringBuilder();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  if (line.startsWith("UpCloud simulator listening on")) {
                    listening.complete(null);
                  }
                }
                listening.completeExceptionally(new IOException("simulator output ended"));
              } catch (IOException e) {
                listening.completeExceptionally(e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      try {
        listening.get(BUILD_AND_START.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        synchronized (output) {
          throw new AssertionError("simulator did not start:\n" + output, e);
        }
      }
      assertFalse(
          Files.exists(repo.resolve("com/busdk")),
          "the build must not need (or install) our modules in the local repository");

      ProcessBuilder check =
          new ProcessBuilder(
                  List.of(
                      root.resolve("bin/bus-integration-upcloud").toString(),
                      "--check-vm-status",
                      "--provider",
                      "upcloud",
                      "--upcloud-api-url",
                      "http://127.0.0.1:" + port + "/1.3",
                      "--vm-name",
                      "ai-platform-gpu"))
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      check.environment().put("UPCLOUD_TOKEN", "sim-token");
      Process worker = check.start();
      String answer = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "check-vm-status did not finish");
      assertEquals(0, worker.exitValue(), answer);
      assertTrue(answer.contains("\"provider\":\"upcloud\""), answer);
      assertTrue(answer.contains("\"state\":\"stopped\""), answer);
    } finally {
      simulator.destroy();
      if (!simulator.waitFor(10, TimeUnit.SECONDS)) {
        simulator.destroyForcibly();
      }
      unlink(repo);
    }
  }

  /** Removes the links (never what they point to) before the temporary directory is cleaned. */
  private static void unlink(Path repo) throws IOException {
    try (Stream<Path> links = Files.walk(repo)) {
      for (Path link : links.filter(Files::isSymbolicLink).toList()) {
        Files.delete(link);
      }
    }
  }

  /** The tracked and untracked (not ignored) files of the checkout: what a clone would hold. */
  private static void copyCheckout(Path root, Path clone) throws Exception {
    Process git =
        new ProcessBuilder(
                "git",
                "-C",
                root.toString(),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(git.waitFor(60, TimeUnit.SECONDS), "git ls-files did not finish");
    assertEquals(0, git.exitValue(), "git ls-files failed");
    for (String name : listing.split("\0")) {
      if (name.isEmpty()) {
        continue;
      }
      Path source = root.resolve(name);
      if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path target = clone.resolve(name);
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static Path localRepository() {
    String configured = System.getProperty("maven.repo.local");
    Path repo =
        configured == null || configured.isBlank()
            ? Path.of(System.getProperty("user.home"), ".m2", "repository")
            : Path.of(configured);
    assertTrue(Files.isDirectory(repo), "no local Maven repository at " + repo);
    return repo;
  }

  /** Links every top-level entry of {@code real} into {@code copy}, except {@code com/busdk}. */
  private static void linkRepositoryWithoutOurGroup(Path real, Path copy) throws IOException {
    Files.createDirectories(copy);
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> top = Files.list(real)) {
      top.forEach(entries::add);
    }
    for (Path entry : entries) {
      Path name = entry.getFileName();
      if (name.toString().equals("com") && Files.isDirectory(entry)) {
        Path com = Files.createDirectories(copy.resolve("com"));
        try (Stream<Path> groups = Files.list(entry)) {
          for (Path group : groups.toList()) {
            if (!group.getFileName().toString().equals("busdk")) {
              Files.createSymbolicLink(com.resolve(group.getFileName()), group);
            }
          }
        }
      } else {
        Files.createSymbolicLink(copy.resolve(name), entry);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }
}
