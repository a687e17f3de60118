package com.busdk.upcloud.archfixtures.clean.app.cli;

public final class HelpPrinter {
  public void print(String usage) {
    System.err.println(usage);
  }
}
