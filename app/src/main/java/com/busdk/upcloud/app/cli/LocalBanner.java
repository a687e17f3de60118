package com.busdk.upcloud.app.cli;

import java.io.PrintStream;
import java.net.URI;

/**
 * What {@code --local} prints once its embedded Events API is up: a development token (minted for
 * this run only, against a random secret) and curl commands that talk to the worker.
 */
public final class LocalBanner {
  private LocalBanner() {}

  /**
   * @param health the health listener's base URL; null when there is none
   * @param containers the container runtime's description; null when runs go to a remote runner
   */
  public static void print(
      PrintStream out, URI collection, String token, String health, String containers) {
    String c = collection.toString();
    out.println("bus-integration-upcloud --local: embedded Events API at " + c);
    if (health != null) {
      out.println(
          "Health, readiness and metrics: "
              + health
              + "/healthz, "
              + health
              + "/readyz, "
              + health
              + "/metrics");
    }
    if (containers != null) {
      out.println(
          containers.startsWith("none")
              ? "Containers: " + containers + "; run requests are answered without running anything"
              : "Containers: run on this machine with " + containers);
    }
    out.println();
    out.println("Development token for this run (valid only against this local server):");
    out.println("  export BUS_API_TOKEN='" + token + "'");
    out.println();
    out.println("Publish a VM status request:");
    out.println(
        "  curl -sS -X POST '"
            + c
            + "' -H \"Authorization: Bearer $BUS_API_TOKEN\" -H 'Content-Type: application/json'"
            + " -d '{\"name\":\"bus.vm.status.request\",\"correlationId\":\"demo-1\",\"payload\":{}}'");
    out.println();
    out.println("Read the response:");
    out.println(
        "  curl -sS '"
            + c
            + "/stream?name=bus.vm.status.response&replay=true&follow=false'"
            + " -H \"Authorization: Bearer $BUS_API_TOKEN\"");
    out.println();
    out.println("Stop with Ctrl-C.");
    out.flush();
  }
}
