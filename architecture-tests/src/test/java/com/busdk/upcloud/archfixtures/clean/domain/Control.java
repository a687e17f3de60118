package com.busdk.upcloud.archfixtures.clean.domain;

import com.busdk.upcloud.archfixtures.clean.domain.sub.Backoff;
import com.busdk.upcloud.archfixtures.clean.ports.Servers;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class Control {
  private static final Logger LOG = LoggerFactory.getLogger(Control.class);
  private final Servers servers;
  private final Backoff backoff = new Backoff();

  public Control(Servers servers) {
    this.servers = servers;
  }

  public String status(String name) {
    LOG.info("status of {}", name);
    return servers.state(name, backoff.next(Duration.ofSeconds(1)));
  }
}
