package com.busdk.upcloud.app.runtime;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's request threads: a small fixed pool the dispatcher runs handlers and their
 * continuations on. Its size does not follow {@code --max-in-flight}: a request waiting for the
 * ssh-runner is a pending future, not a thread. It is one of the runtime's services: the runtime
 * stops it after the dispatcher's shutdown, when every answer is out. Its threads are daemons, so a
 * forgotten close never keeps the process alive.
 */
public final class RequestThreads implements Executor, Service, AutoCloseable {
  /** Enough for the blocking steps (runner readiness, VM polls) of several names at once. */
  public static final int DEFAULT_THREADS = 16;

  private final ExecutorService pool;

  public RequestThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread t = new Thread(task, "bus-request-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  @Override
  public String name() {
    return "request threads";
  }

  /** Nothing to start: threads are made as work comes. */
  @Override
  public void start() {}

  @Override
  public void stop() {
    close();
  }

  /** Stops taking work and waits up to {@code timeout} for what was taken. */
  public boolean close(Duration timeout) throws InterruptedException {
    pool.shutdown();
    return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    try {
      close(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
