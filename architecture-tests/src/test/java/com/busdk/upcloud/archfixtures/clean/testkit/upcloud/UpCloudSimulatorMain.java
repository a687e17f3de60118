package com.busdk.upcloud.archfixtures.clean.testkit.upcloud;

public final class UpCloudSimulatorMain {
  private UpCloudSimulatorMain() {}

  public static void main(String[] args) {
    System.out.println("listening");
  }
}
