package com.busdk.upcloud.ssh;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ssh.Reachabilities.ProbeKind;
import com.google.inject.AbstractModule;

/** Binds {@link Reachability} to the probe of the chosen kind. The probes hold no state. */
public final class SshModule extends AbstractModule {
  private final ProbeKind kind;

  public SshModule(ProbeKind kind) {
    this.kind = requireNonNull(kind, "kind is null");
  }

  @Override
  protected void configure() {
    bind(Reachability.class).toInstance(Reachabilities.of(kind));
  }
}
