package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.runtime.Service;
import com.busdk.upcloud.events.EventsRemoteScripts;
import com.busdk.upcloud.ports.BusEventName;
import java.time.Duration;

/** The ssh-runner's response listener as a service: connected before the first request. */
final class SshResponseService implements Service {
  private static final Duration CONNECT = Duration.ofSeconds(30);

  private final EventsRemoteScripts scripts;

  SshResponseService(EventsRemoteScripts scripts) {
    this.scripts = requireNonNull(scripts, "scripts is null");
  }

  @Override
  public String name() {
    return BusEventName.SSH_SCRIPT_RUN.response();
  }

  @Override
  public void start() throws InterruptedException {
    scripts.start(CONNECT);
  }

  @Override
  public void stop() {
    scripts.close();
  }
}
