package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.AbstractModule;

/** What every mode shares: the settings and the clock. */
public final class CoreModule extends AbstractModule {
  private final Settings settings;
  private final TimeSource time;

  public CoreModule(Settings settings, TimeSource time) {
    this.settings = requireNonNull(settings, "settings is null");
    this.time = requireNonNull(time, "time is null");
  }

  @Override
  protected void configure() {
    binder().requireExplicitBindings();
    binder().disableCircularProxies();
    binder().requireExactBindingAnnotations();
    bind(Settings.class).toInstance(settings);
    bind(TimeSource.class).toInstance(time);
  }
}
