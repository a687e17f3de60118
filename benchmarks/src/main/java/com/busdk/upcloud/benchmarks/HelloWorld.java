package com.busdk.upcloud.benchmarks;

/** The start-up baseline: the least a Java program can do on this JDK. */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("Hello, world");
  }
}
