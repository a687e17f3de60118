package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.ConfigException;
import com.busdk.upcloud.app.config.ModeRequirements;
import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.Provider;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.WorkerMode;
import com.busdk.upcloud.app.runtime.ExitCodes;
import com.busdk.upcloud.app.runtime.Version;
import com.busdk.upcloud.app.wiring.Assembly;
import com.busdk.upcloud.events.EventsProbe;
import com.busdk.upcloud.events.EventsUrl;
import com.busdk.upcloud.ports.CloudServers;
import com.google.inject.Injector;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --check-config}: the preflight an operator runs before enabling the service. It runs the
 * checks in order (configuration, release, run journal, token, Events API, UpCloud, SSH keys), each
 * returning {@link CheckResult}s that {@link CheckPrinter} prints as they come, one line each, and
 * never a token.
 *
 * <p>Exit codes: 0 when no check failed (warnings allowed), 1 when a check failed, 2 when the
 * configuration is unusable for listener mode (missing URL, token or names), so nothing else could
 * be checked.
 */
public final class CheckConfig {
  private final Settings settings;
  private final Map<String, String> env;
  private final CheckPrinter printer;
  private final Clock clock;
  private boolean failed;

  public CheckConfig(Settings settings, Map<String, String> env, PrintStream out) {
    this(settings, env, out, Clock.systemUTC());
  }

  public CheckConfig(Settings settings, Map<String, String> env, PrintStream out, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.env = Map.copyOf(requireNonNull(env, "env is null"));
    this.printer = new CheckPrinter(out);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Runs every check and returns the exit code. */
  public int run() {
    try {
      ModeRequirements.verify(settings, WorkerMode.LISTENER);
    } catch (ConfigException e) {
      report(CheckResult.fail("configuration", e.getMessage()));
      return ExitCodes.CONFIGURATION;
    }
    Modes modes = Modes.of(settings);
    boolean upcloud = settings.upcloud().provider() == Provider.UPCLOUD;
    report(CheckResult.ok("configuration", describe(modes)));
    report(ReleaseCheck.check(Version.release(), env.get("BUSDK_RELEASE")));
    report(StateDirCheck.check(settings.state()));
    AccessNeeds needs = AccessNeeds.of(modes, upcloud);
    report(new TokenCheck(settings.events(), needs, clock.instant()).run());
    // The adapters as the worker builds them; nothing is opened until a check asks.
    Injector adapters = Assembly.checks(settings);
    report(new EventsApiCheck(adapters.getInstance(EventsProbe.class)).probe(needs.probeEvent()));
    if (upcloud) {
      report(new UpCloudCheck(settings, adapters.getInstance(CloudServers.class)).run(modes));
    } else {
      report(
          CheckResult.ok("upcloud", "provider static: no UpCloud calls, no UPCLOUD_TOKEN needed"));
    }
    return failed ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
  }

  private String describe(Modes modes) {
    List<String> sets = new ArrayList<>();
    if (modes.vm()) {
      sets.add("vm" + named(settings.upcloud().vmName()));
    }
    if (modes.containers()) {
      sets.add("containers" + named(settings.container().runnerName()));
    }
    if (modes.runnerAdmin()) {
      sets.add("runner-admin");
    }
    return "provider "
        + settings.upcloud().provider().wire()
        + ", listeners "
        + String.join(", ", sets)
        + ", events "
        + EventsUrl.normalize(settings.events().eventsUrl().toString());
  }

  private static String named(String name) {
    return name == null ? "" : " (" + name + ")";
  }

  private void report(List<CheckResult> results) {
    results.forEach(this::report);
  }

  private void report(CheckResult result) {
    failed |= result.failed();
    printer.print(result);
  }
}
