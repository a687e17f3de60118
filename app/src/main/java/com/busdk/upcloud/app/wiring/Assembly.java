package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.Provider;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.Logging;
import com.busdk.upcloud.app.runtime.RotatingToken;
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
    return worker(settings, bus, journal, time, Telemetry.create(), overrides);
  }

  /** Like {@link #worker(Settings, EventBus, RunJournal, TimeSource, Module...)}, metered. */
  public static Injector worker(
      Settings settings,
      EventBus bus,
      RunJournal journal,
      TimeSource time,
      Telemetry telemetry,
      Module... overrides) {
    Modes sets = Modes.of(settings);
    List<Module> modules = new ArrayList<>();
    modules.add(new CoreModule(settings, time));
    modules.add(new EventBusModule(bus, journal));
    modules.add(new DispatchModule());
    modules.addAll(provider(settings, time, telemetry));
    if (settings.upcloud().provider() == Provider.UPCLOUD
        && (sets.containers() || sets.runnerAdmin())) {
      modules.add(new SshRunnerModule(telemetry));
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
    modules.addAll(provider(settings, time, null));
    modules.add(new VmModule());
    return Guice.createInjector(Stage.PRODUCTION, modules);
  }

  /** The provider's modules; their ports are metered into {@code telemetry} unless it is null. */
  private static List<Module> provider(Settings settings, TimeSource time, Telemetry telemetry) {
    Modes sets = Modes.of(settings);
    boolean runner = sets.containers() || sets.runnerAdmin();
    if (settings.upcloud().provider() == Provider.STATIC) {
      return List.of(
          new StaticProviderModule(
              telemetry,
              runner ? RunnerModule.STATIC_RUNNER_NAME : null,
              sets.vm() ? VmModule.STATIC_VM_NAME : null));
    }
    UpCloudSettings upcloud =
        UpCloudSettings.of(
                settings.upcloud().apiUrl().toString(), settings.upcloud().token().reveal())
            .withRetries(
                UpCloudSettings.DEFAULT_MAX_RETRIES,
                UpCloudSettings.DEFAULT_RETRY_BASE_DELAY,
                time);
    RotatingToken token = RotatingToken.upcloud(settings.upcloud().token(), Logging::maskAlso);
    return List.of(
        new UpCloudProviderModule(
            upcloud,
            token,
            telemetry,
            runner ? settings.container().runnerName() : null,
            sets.vm() ? settings.upcloud().vmName() : null));
  }
}
