package com.busdk.upcloud.testkit.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fake ssh-runner's files and processes: stand-in commands, scratch trees, pid files. */
final class RunnerFiles {
  private static final Logger LOG = LoggerFactory.getLogger(FakeSshRunner.class);

  private RunnerFiles() {}

  /** As the stand-in decides it: the recorded process runs, and is still that container. */
  static boolean isLive(Path pidFile, String name) {
    try {
      String pid = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
      byte[] environ = Files.readAllBytes(Path.of("/proc", pid, "environ"));
      if (environ.length == 0) {
        // Read while the process replaces itself with the container's command (exec): its
        // environment cannot be seen for that instant, but the process that wrote the pid file is
        // the container, so it is live for as long as it exists.
        return Files.exists(Path.of("/proc", pid));
      }
      String marker = "BUS_FAKE_PODMAN_CONTAINER=" + name;
      for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
        if (entry.equals(marker)) {
          return true;
        }
      }
      return false;
    } catch (IOException | java.nio.file.InvalidPathException e) {
      // The pid file is gone, or its process ended: not live.
      return false;
    }
  }

  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  static void writeStub(String resource, Path target) throws IOException {
    try (InputStream in = FakeSshRunner.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing resource " + resource);
      }
      Files.copy(in, target);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir, e);
    }
  }
}
