package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ssh.Reachabilities.ProbeKind;
import com.busdk.upcloud.ssh.SshModule;
import com.busdk.upcloud.upcloud.UpCloudModule;
import com.busdk.upcloud.upcloud.UpCloudSettings;
import com.google.inject.AbstractModule;

/**
 * The {@code upcloud} provider: UpCloud API 1.3 for servers and TCP probes for SSH readiness.
 * Scripts go through {@link SshRunnerModule}, which needs an event bus.
 */
public final class UpCloudProviderModule extends AbstractModule {
  private final UpCloudSettings settings;

  public UpCloudProviderModule(UpCloudSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  protected void configure() {
    install(new UpCloudModule(settings));
    install(new SshModule(ProbeKind.TCP));
  }
}
