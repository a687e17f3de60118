package com.busdk.upcloud.archfixtures.broken.app;

import jakarta.inject.Inject;

/** Breaks "no field injection". */
public final class FieldInjected {
  @Inject Runnable task;

  public void run() {
    task.run();
  }
}
