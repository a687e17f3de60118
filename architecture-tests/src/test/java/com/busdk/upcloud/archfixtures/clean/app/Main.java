package com.busdk.upcloud.archfixtures.clean.app;

import com.busdk.upcloud.archfixtures.clean.domain.Control;
import com.busdk.upcloud.archfixtures.clean.upcloud.UpCloudModule;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    new UpCloudModule();
    Runnable report = () -> System.out.println(new Control((name, timeout) -> "ready"));
    report.run();
  }
}
