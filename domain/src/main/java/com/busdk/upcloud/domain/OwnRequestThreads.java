package com.busdk.upcloud.domain;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of a {@link RequestDispatcher} that was given none: {@link
 * RequestDispatcher#DEFAULT_THREADS} of them, closed by its shutdown.
 */
final class OwnRequestThreads implements Executor {
  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          RequestDispatcher.DEFAULT_THREADS,
          task -> {
            Thread t = new Thread(task, "bus-request-" + count.incrementAndGet());
            t.setDaemon(false);
            return t;
          });

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  ExecutorService pool() {
    return pool;
  }
}
