package com.busdk.upcloud.app;

import com.busdk.upcloud.app.cli.CheckConfig;
import com.busdk.upcloud.app.cli.CheckVmStatus;
import com.busdk.upcloud.app.cli.EventsListing;
import com.busdk.upcloud.app.cli.LocalBanner;
import com.busdk.upcloud.app.cli.SelfTest;
import com.busdk.upcloud.app.config.ConfigException;
import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.OutputFormat;
import com.busdk.upcloud.app.config.Provider;
import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.local.ContainerRuntime;
import com.busdk.upcloud.app.local.LocalContainersModule;
import com.busdk.upcloud.app.local.LocalScripts;
import com.busdk.upcloud.app.runtime.ExitCodes;
import com.busdk.upcloud.app.runtime.Journals;
import com.busdk.upcloud.app.runtime.Logging;
import com.busdk.upcloud.app.runtime.Version;
import com.busdk.upcloud.app.runtime.WorkerRuntime;
import com.busdk.upcloud.app.wiring.Assembly;
import com.busdk.upcloud.app.wiring.VmModule;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.domain.vm.VmControl;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventCodec;
import com.busdk.upcloud.events.EventsUrl;
import com.busdk.upcloud.events.InMemoryEventBus;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command-line entry point: parses flags and environment, then runs one mode. The only class
 * that touches the process's standard streams and exit code.
 */
public final class Main {
  private static final String PROGRAM = "bus-integration-upcloud";

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one invocation; returns the exit code instead of exiting, for tests. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 1 && "--version".equals(args[0])) {
      // Answered before the option catalogue is built: a version probe should cost a JVM start
      // only.
      out.println(PROGRAM + " " + Version.text());
      return ExitCodes.OK;
    }
    Settings settings;
    try {
      settings = SettingsLoader.load(args, env);
    } catch (ConfigException e) {
      err.println(PROGRAM + ": " + e.getMessage());
      return ExitCodes.CONFIGURATION;
    }
    Logging.configure(settings);
    Logger log = LoggerFactory.getLogger(Main.class);
    settings.warnings().forEach(w -> log.warn("{}", w));
    try {
      return switch (settings.mode()) {
        case HELP -> {
          out.print(SettingsLoader.usage());
          yield ExitCodes.OK;
        }
        case VERSION -> {
          out.println(PROGRAM + " " + Version.text());
          yield ExitCodes.OK;
        }
        case EVENTS -> events(settings, out);
        case SELF_TEST -> selfTest(settings, out);
        case CHECK_VM_STATUS -> checkVmStatus(settings, out, err);
        case CHECK_CONFIG -> new CheckConfig(settings, env, out).run();
        case LOCAL -> local(settings, env, out, log);
        case LISTENER -> listen(settings, log, out);
      };
    } catch (ConfigException e) {
      err.println(PROGRAM + ": " + e.getMessage());
      return ExitCodes.CONFIGURATION;
    } catch (JournalException e) {
      err.println(PROGRAM + ": run journal: " + e.getMessage());
      return e.isConfiguration() ? ExitCodes.CONFIGURATION : ExitCodes.RUNTIME_FAILURE;
    } catch (CreationException | ConfigurationException e) {
      log.error("wiring failed", e);
      err.println(PROGRAM + ": start-up failed: " + e.getMessage().lines().findFirst().orElse(""));
      return ExitCodes.RUNTIME_FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.RUNTIME_FAILURE;
    }
  }

  private static int events(Settings settings, PrintStream out) {
    Modes sets = Modes.of(settings);
    List<BusEventName> families =
        EventsListing.families(sets.vm(), sets.containers(), sets.runnerAdmin());
    boolean ssh =
        settings.upcloud().provider() == Provider.UPCLOUD
            && (sets.containers() || sets.runnerAdmin());
    EventsListing listing = new EventsListing(families, ssh);
    if (settings.worker().outputFormat() == OutputFormat.JSON) {
      out.println(new EventCodec().writeLine(listing.json()));
    } else {
      listing.printText(out);
    }
    return ExitCodes.OK;
  }

  private static int selfTest(Settings settings, PrintStream out) throws InterruptedException {
    Settings staticSettings = SettingsLoader.staticSelfTest(settings);
    try (InMemoryEventBus bus = new InMemoryEventBus();
        RunJournal journal = Journals.open(staticSettings.state(), TimeSource.system())) {
      Injector injector = Assembly.worker(staticSettings, bus, journal, TimeSource.system());
      SelfTest test = new SelfTest(bus, injector.getInstance(RequestDispatcher.class), out);
      return test.run() ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
    }
  }

  private static int checkVmStatus(Settings settings, PrintStream out, PrintStream err) {
    SettingsLoader.requireFor(settings);
    Injector injector = Assembly.vmCheck(settings, TimeSource.system());
    String name =
        settings.upcloud().vmName() == null ? VmModule.STATIC_VM_NAME : settings.upcloud().vmName();
    return new CheckVmStatus(injector.getInstance(VmControl.class), name, out, err).run();
  }

  private static int local(Settings settings, Map<String, String> env, PrintStream out, Logger log)
      throws InterruptedException {
    SettingsLoader.requireFor(settings);
    // Only the static provider runs containers here; with upcloud they go to the runner.
    ContainerRuntime runtime =
        settings.upcloud().provider() == Provider.STATIC
            ? ContainerRuntime.detect(env, ContainerRuntime.PROBE_TIMEOUT)
            : null;
    LocalScripts scripts =
        runtime != null && runtime.available() ? new LocalScripts(runtime, env) : null;
    try (EmbeddedEventsServer server = new EmbeddedEventsServer(settings.worker().localPort())) {
      server.start();
      String token =
          server.mintToken(
              "local-developer",
              EmbeddedEventsServer.API_AUDIENCE,
              EmbeddedEventsServer.DEVELOPMENT_SCOPES,
              Duration.ofDays(1));
      Settings onServer =
          settings.withEvents(
              settings.events().onEndpoint(server.collectionUrl(), Secret.of(token)));
      Telemetry telemetry = Telemetry.create();
      Module[] overrides =
          runtime == null
              ? new Module[0]
              : new Module[] {new LocalContainersModule(runtime, scripts, telemetry)};
      if (runtime != null) {
        log.info("local container runtime: {}", runtime.detail());
      }
      return serve(
          onServer,
          telemetry,
          log,
          out,
          worker ->
              LocalBanner.print(
                  out,
                  server.collectionUrl(),
                  token,
                  worker.startHealth().map(HealthServer::url).orElse(null),
                  runtime == null ? null : runtime.detail()),
          overrides);
    } finally {
      if (scripts != null) {
        scripts.close();
      }
    }
  }

  private static int listen(Settings settings, Logger log, PrintStream out)
      throws InterruptedException {
    SettingsLoader.requireFor(settings);
    var config = settings.events();
    log.info(
        "starting provider={} events_url={} group={} consumer={} token_source=\"{}\"{}",
        settings.upcloud().provider().wire(),
        EventsUrl.normalize(config.eventsUrl().toString()),
        config.group(),
        config.consumer(),
        config.apiToken().source(),
        config.tokenRefresh() && config.apiToken().file().isPresent() ? " token_refresh=on" : "");
    return serve(settings, Telemetry.create(), log, out, runtime -> {});
  }

  /**
   * Runs a worker on the Events API of {@code settings} until it stops; a shutdown hook (SIGTERM)
   * asks it to stop and waits for it.
   */
  private static int serve(
      Settings settings,
      Telemetry telemetry,
      Logger log,
      PrintStream out,
      Consumer<WorkerRuntime> beforeRun,
      Module... overrides)
      throws InterruptedException {
    WorkerRuntime runtime =
        WorkerRuntime.onEventsApi(settings, TimeSource.system(), telemetry, overrides);
    beforeRun.accept(runtime);
    CountDownLatch finished = new CountDownLatch(1);
    AtomicInteger exitCode = new AtomicInteger(ExitCodes.RUNTIME_FAILURE);
    Thread hook =
        new Thread(
            () -> {
              log.info("stop requested: finishing in-flight requests");
              runtime.stop();
              if (awaitQuietly(finished, settings.worker().shutdownGrace().plusSeconds(10))) {
                // A JVM ended by a signal exits 143; a worker that stopped cleanly on SIGTERM
                // reports its own code (0), which is what supervisors and the runbook expect.
                out.flush();
                Runtime.getRuntime().halt(exitCode.get());
              }
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      int code = runtime.run();
      exitCode.set(code);
      return code;
    } finally {
      finished.countDown();
      removeHook(hook);
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already running hooks; the hook is waiting for us and will return.
    }
  }
}
