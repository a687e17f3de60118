package com.busdk.upcloud.app.provider;

import com.busdk.upcloud.ports.Reachability;
import java.time.Duration;

/** Static provider: every runner is reachable at once. */
public final class StaticReachability implements Reachability {
  @Override
  public ProbeResult probe(String host, int port, Duration timeout) {
    return ProbeResult.ok();
  }
}
