package com.busdk.upcloud.archfixtures.clean.app.runtime;

public final class StderrLogger {
  public void write(String line) {
    System.err.println(line);
  }
}
