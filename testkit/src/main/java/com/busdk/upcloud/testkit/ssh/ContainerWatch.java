package com.busdk.upcloud.testkit.ssh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Waiting on the stand-in podman's containers without polling: the state directory is watched (pid
 * files appear when a container is live and go when it is removed), and the end of a live
 * container's process touches a file there, so that an ending is a change of the directory too.
 */
final class ContainerWatch {
  /** Touched when a live container's process ends; no {@code .pid} suffix, so never a container. */
  private static final String ENDED = ".ended";

  private ContainerWatch() {}

  static boolean await(
      Path state, Supplier<Set<String>> live, Predicate<Set<String>> condition, Duration timeout)
      throws InterruptedException {
    if (state == null) {
      throw new IllegalStateException("not started");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (WatchService watch = state.getFileSystem().newWatchService()) {
      state.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
      while (true) {
        wakeOnEnds(state);
        if (condition.test(live.get())) {
          return true;
        }
        long left = deadline - System.nanoTime();
        WatchKey key = left <= 0 ? null : watch.poll(left, TimeUnit.NANOSECONDS);
        if (key == null) {
          return condition.test(live.get());
        }
        key.pollEvents();
        key.reset();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Has the end of every process named by a pid file touch {@link #ENDED}. */
  private static void wakeOnEnds(Path state) throws IOException {
    try (Stream<Path> files = Files.list(state)) {
      for (Path pidFile : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
        long pid;
        try {
          pid = Long.parseLong(Files.readString(pidFile, UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
          continue; // removed meanwhile: the removal is an event of its own
        }
        ProcessHandle.of(pid)
            .ifPresent(
                process -> {
                  var unused = process.onExit().thenRun(() -> touch(state.resolve(ENDED)));
                });
      }
    }
  }

  private static void touch(Path file) {
    try {
      Files.writeString(file, Long.toString(System.nanoTime()), UTF_8);
    } catch (IOException e) {
      // The state directory is gone (the fake was closed): nobody is waiting any more.
    }
  }
}
