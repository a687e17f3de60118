package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.Provider;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.Logging;
import com.busdk.upcloud.app.runtime.RotatingToken;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.upcloud.UpCloudSettings;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Chooses the Guice modules for a mode and builds the injector, strictly: production stage (every
 * singleton built at start-up, so wiring mistakes fail before the first request) and explicit
 * bindings only.
 *
 * <p>A worker's long-running parts are the injector's set of {@code Service}s, in the order of the
 * modules that contribute them: the health listener, the Events API connection, the request
 * threads, then the mode's (the ssh response listener). The runtime starts them in that order and
 * stops them in reverse.
 */
public final class Assembly {
  private static final Duration CHECK_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CHECK_REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /**
   * Guice's own bytecode generation (fast classes for provider methods, method interception) is off
   * unless the embedder chose otherwise: the worker intercepts no methods, and generating those
   * classes at every start cost more than the reflective calls they replace ever save.
   */
  static final String BYTECODE_GEN = "guice_bytecode_gen_option";

  static {
    if (System.getProperty(BYTECODE_GEN) == null) {
      System.setProperty(BYTECODE_GEN, "DISABLED");
    }
  }

  private Assembly() {}

  /**
   * A listening worker (listener mode, {@code --local}, {@code --self-test}) on {@code bus},
   * keeping its runs and answers in {@code journal}.
   */
  public static Injector worker(
      Settings settings, EventBus bus, RunJournal journal, TimeSource time, Module... overrides) {
    return worker(settings, bus, journal, time, Telemetry.create(), overrides);
  }

  /**
   * Like {@link #worker(Settings, EventBus, RunJournal, TimeSource, Module...)}, metered. The bus
   * stays the caller's: no service of the injector closes it.
   */
  public static Injector worker(
      Settings settings,
      EventBus bus,
      RunJournal journal,
      TimeSource time,
      Telemetry telemetry,
      Module... overrides) {
    return worker(settings, new EventBusModule(bus), journal, time, telemetry, overrides);
  }

  /**
   * A listening worker on the Events API that {@code settings.events()} describes ({@link
   * EventsApiModule}): its bus and token are the injector's, opened and closed by its services.
   */
  public static Injector workerOnEventsApi(
      Settings settings,
      RunJournal journal,
      TimeSource time,
      Telemetry telemetry,
      Module... overrides) {
    return worker(settings, new EventsApiModule(telemetry), journal, time, telemetry, overrides);
  }

  private static Injector worker(
      Settings settings,
      Module events,
      RunJournal journal,
      TimeSource time,
      Telemetry telemetry,
      Module... overrides) {
    Modes sets = Modes.of(settings);
    boolean sshRunner =
        settings.upcloud().provider() == Provider.UPCLOUD
            && (sets.containers() || sets.runnerAdmin());
    List<Module> modules = new ArrayList<>();
    if (settings.worker().healthListen() != null) {
      // First, so that it is the first service started and the last stopped.
      modules.add(new HealthModule(settings.worker().healthListen(), telemetry));
    }
    modules.add(new CoreModule(settings, time));
    modules.add(events);
    modules.add(binder -> binder.bind(RunJournal.class).toInstance(journal));
    modules.add(new DispatchModule());
    modules.add(
        new ListenerModule(
            telemetry, sshRunner ? List.of(BusEventName.SSH_SCRIPT_RUN.response()) : List.of()));
    modules.addAll(provider(settings, UnaryOperator.identity(), time, telemetry));
    if (sshRunner) {
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
    modules.addAll(provider(settings, UnaryOperator.identity(), time, null));
    modules.add(new VmModule());
    return Guice.createInjector(Stage.PRODUCTION, modules);
  }

  /**
   * The adapters {@code --check-config} asks, as the worker builds them: the Events API's probe
   * and, with the {@code upcloud} provider, {@code CloudServers} with one quick retry and short
   * timeouts, so that a preflight does not hang on an unreachable API. Nothing is metered, and
   * nothing is opened until a check asks.
   */
  public static Injector checks(Settings settings) {
    TimeSource time = TimeSource.system();
    List<Module> modules = new ArrayList<>();
    modules.add(new CoreModule(settings, time));
    modules.add(new EventsApiModule(null));
    modules.addAll(
        provider(
            settings,
            upcloud ->
                upcloud
                    .withRetries(1, Duration.ofMillis(200), time)
                    .withTimeouts(CHECK_CONNECT_TIMEOUT, CHECK_REQUEST_TIMEOUT),
            time,
            null));
    return Guice.createInjector(Stage.PRODUCTION, modules);
  }

  /**
   * The provider's modules; their ports are metered into {@code telemetry} unless it is null.
   *
   * @param tuning adjusts the UpCloud client's retries and timeouts
   */
  private static List<Module> provider(
      Settings settings,
      UnaryOperator<UpCloudSettings> tuning,
      TimeSource time,
      Telemetry telemetry) {
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
        tuning.apply(
            UpCloudSettings.of(
                    settings.upcloud().apiUrl().toString(), settings.upcloud().token().reveal())
                .withRetries(
                    UpCloudSettings.DEFAULT_MAX_RETRIES,
                    UpCloudSettings.DEFAULT_RETRY_BASE_DELAY,
                    time));
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
