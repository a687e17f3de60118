package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.Provider;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.upcloud.UpCloudSettings;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the Guice modules for a mode and builds the injector, strictly: production stage (every
 * singleton built at start-up, so wiring mistakes fail before the first request) and explicit
 * bindings only.
 */
public final class Assembly {
  private Assembly() {}

  /**
   * A listening worker (listener mode, {@code --local}, {@code --self-test}) on {@code bus},
   * keeping its runs and answers in {@code journal}.
   */
  public static Injector worker(
      Settings settings, EventBus bus, RunJournal journal, TimeSource time, Module... overrides) {
    Modes sets = Modes.of(settings);
    List<Module> modules = new ArrayList<>();
    modules.add(new CoreModule(settings, time));
    modules.add(new EventBusModule(bus, journal));
    modules.add(new DispatchModule());
    modules.addAll(provider(settings, time));
    if (settings.upcloud().provider() == Provider.UPCLOUD
        && (sets.containers() || sets.runnerAdmin())) {
      modules.add(new SshRunnerModule());
    }
    if (sets.vm()) {
      modules.add(new VmModule());
    }
    if (sets.containers() || sets.runnerAdmin()) {
      modules.add(new RunnerModule());
    }
    if (sets.containers()) {
      modules.add(new ContainerModule());
    }
    if (sets.runnerAdmin()) {
      modules.add(new RunnerAdminModule());
    }
    return Guice.createInjector(Stage.PRODUCTION, Modules.override(modules).with(overrides));
  }

  /** Just enough for {@code --check-vm-status}: the provider and VM control. */
  public static Injector vmCheck(Settings settings, TimeSource time) {
    List<Module> modules = new ArrayList<>();
    modules.add(new CoreModule(settings, time));
    modules.addAll(provider(settings, time));
    modules.add(new VmModule());
    return Guice.createInjector(Stage.PRODUCTION, modules);
  }

  private static List<Module> provider(Settings settings, TimeSource time) {
    if (settings.upcloud().provider() == Provider.STATIC) {
      return List.of(new StaticProviderModule());
    }
    UpCloudSettings upcloud =
        UpCloudSettings.of(
                settings.upcloud().apiUrl().toString(), settings.upcloud().token().reveal())
            .withRetries(
                UpCloudSettings.DEFAULT_MAX_RETRIES,
                UpCloudSettings.DEFAULT_RETRY_BASE_DELAY,
                time);
    return List.of(new UpCloudProviderModule(upcloud));
  }
}
