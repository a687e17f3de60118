package com.busdk.upcloud.archfixtures.broken.app;

/** Breaks "only CLI entry points use standard streams": it is neither Main nor in app.cli. */
public final class PrintingService {
  public void report(String line) {
    System.out.println(line);
  }
}
