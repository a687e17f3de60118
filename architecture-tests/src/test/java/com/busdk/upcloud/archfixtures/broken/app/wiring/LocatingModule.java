package com.busdk.upcloud.archfixtures.broken.app.wiring;

import com.google.inject.Injector;

/** Breaks "injector lookups only at entry points": a module part that locates its dependency. */
public final class LocatingModule {
  public Runnable task(Injector injector) {
    return injector.getInstance(Runnable.class);
  }
}
