package com.busdk.upcloud.benchmarks;

/**
 * Polls a child's {@code /proc} status every few milliseconds and keeps the peaks; VmHWM already is
 * a peak, the thread count is not.
 */
final class Sampler implements AutoCloseable {
  private static final long PERIOD_MILLIS = 50;

  private final Child child;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int maxThreads;
  private volatile long maxHwmKib;

  Sampler(Child child) {
    this.child = child;
    this.thread = new Thread(this::loop, "sampler-" + child.pid());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    ProcStatus now = child.status();
    if (now.threads() > maxThreads) {
      maxThreads = now.threads();
    }
    if (now.peakRssKib() > maxHwmKib) {
      maxHwmKib = now.peakRssKib();
    }
  }

  int maxThreads() {
    sample();
    return maxThreads;
  }

  long peakRssKib() {
    sample();
    return maxHwmKib;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
