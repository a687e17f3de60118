package com.busdk.upcloud.testkit.upcloud;

import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link UpCloudSimulator} as a process for manual runs of the worker: a VM named {@code
 * ai-platform-gpu}, the private network {@code ai-platform-private-fi-hel2} and the default Ubuntu
 * template. Options: {@code --port N} (default 8089), {@code --token T} (default {@code
 * sim-token}), {@code --vm-state stopped|started} (default stopped), {@code --delay-seconds N}
 * (transition delay, default 3).
 */
public final class UpCloudSimulatorMain {
  private UpCloudSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 8089;
    String token = UpCloudSimulator.DEFAULT_TOKEN;
    String vmState = "stopped";
    long delaySeconds = 3;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        usage("missing value for " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--port" -> port = Integer.parseInt(value);
        case "--token" -> token = value;
        case "--vm-state" -> vmState = value;
        case "--delay-seconds" -> delaySeconds = Long.parseLong(value);
        default -> usage("unknown option " + arg);
      }
    }
    UpCloudSimulator simulator = UpCloudSimulator.start(port, token, TimeSource.system());
    Duration delay = Duration.ofSeconds(delaySeconds);
    simulator.setCreateDelay(delay.multipliedBy(3));
    simulator.setStartDelay(delay);
    simulator.setStopDelay(delay);
    String network =
        simulator.seedPrivateNetwork("ai-platform-private-fi-hel2", "fi-hel2", "10.20.0.0/24");
    String vm =
        simulator.seedServer("ai-platform-gpu", "ai-platform-gpu", vmState, Map.of(), network);
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
    System.out.println("UpCloud simulator listening on " + simulator.baseUrl());
    System.out.println(
        "  auth:     Authorization: Bearer "
            + (token.equals(UpCloudSimulator.DEFAULT_TOKEN) ? token : "<the --token value>"));
    System.out.println("  VM:       ai-platform-gpu " + vm + " (" + vmState + ")");
    System.out.println("  network:  ai-platform-private-fi-hel2 " + network);
    System.out.println("  template: " + UpCloudSimulator.DEFAULT_TEMPLATE_TITLE);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: upcloud-simulator [--port 8089] [--token sim-token] [--vm-state stopped|started]"
            + " [--delay-seconds 3]");
    System.exit(2);
  }
}
