package com.busdk.upcloud.upcloud;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.CloudServers;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/** Binds {@link CloudServers} to the UpCloud adapter built from the given settings. */
public final class UpCloudModule extends AbstractModule {
  private final UpCloudSettings settings;

  public UpCloudModule(UpCloudSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  protected void configure() {
    bind(UpCloudSettings.class).toInstance(settings);
  }

  @Provides
  @Singleton
  CloudServers cloudServers(UpCloudSettings settings) {
    return UpCloudServers.create(settings);
  }
}
