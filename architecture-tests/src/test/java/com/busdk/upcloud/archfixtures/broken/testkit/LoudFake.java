package com.busdk.upcloud.archfixtures.broken.testkit;

/** Breaks "only CLI entry points use standard streams": the testkit only prints from its main. */
public final class LoudFake {
  public void complain() {
    System.err.println("loud");
  }
}
