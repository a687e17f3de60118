package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.provider.StaticCloudServers;
import com.busdk.upcloud.app.provider.StaticReachability;
import com.busdk.upcloud.app.provider.StaticRemoteScripts;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.RemoteScripts;
import com.google.inject.AbstractModule;

/** The {@code static} provider: deterministic answers with no network. */
public final class StaticProviderModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(CloudServers.class).toInstance(new StaticCloudServers());
    bind(Reachability.class).toInstance(new StaticReachability());
    bind(RemoteScripts.class).toInstance(new StaticRemoteScripts());
  }
}
