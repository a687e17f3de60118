package com.busdk.upcloud.events;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one {@link HttpEventBus}, each pool with a fixed ceiling so the bus's thread count
 * does not follow its load. Every thread is a daemon and ends after {@link #IDLE} without work, so
 * a bus that is closed, or merely quiet, leaves none behind.
 *
 * <ul>
 *   <li>the HTTP client's executor: it parses answers and hands stream bytes to their readers. The
 *       JDK's default is a cached pool that grows with every burst; no code of the bus runs on
 *       these threads, so a small fixed number cannot deadlock;
 *   <li>the senders: each makes one publish's first attempt as a blocking exchange, so a publish
 *       costs a queue hand-off rather than a thread (an asynchronous send on a machine of one or
 *       two processors completes on a thread started for that one answer);
 *   <li>the retries: only publishes whose first attempt failed, pausing between attempts.
 * </ul>
 */
final class BusThreads {
  /** How long an idle thread of the bus waits for work before it ends. */
  static final Duration IDLE = Duration.ofSeconds(30);

  /** The HTTP client's threads: enough to parse answers while others are being read. */
  static final int CLIENT_THREADS = 4;

  /** Publishes whose first attempt is on the wire at once. */
  static final int SENDER_THREADS = 8;

  private BusThreads() {}

  /**
   * A pool of at most {@code threads} daemon threads named {@code prefix-N}, with an unbounded
   * queue: it never refuses work while open, so the HTTP client never sees a rejection.
   */
  static ThreadPoolExecutor bounded(String prefix, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE.toMillis(),
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            daemons(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The retry pool: a thread per publish that is retrying, since each one pauses. */
  static ThreadPoolExecutor retries() {
    return (ThreadPoolExecutor) Executors.newCachedThreadPool(daemons("events-publish-retry"));
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
