package com.busdk.upcloud.archfixtures.clean.upcloud;

import com.busdk.upcloud.archfixtures.clean.ports.Servers;
import com.google.inject.AbstractModule;

public final class UpCloudModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Servers.class).toInstance(new FeignServers());
  }
}
