package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.OptionCatalog.*;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.container.Provisioning;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the command line and the environment into {@link Settings}: flag, then environment
 * variable, then default. Checks that depend on the mode (credentials, required names) are in
 * {@link ModeRequirements} so that {@code --help} and {@code --self-test} work without them.
 */
public final class SettingsLoader {
  private static final String FALLBACK_CONSUMER = "bus-integration-upcloud";

  /** The state directory outside systemd, as the operator guide documents. */
  static final String DEFAULT_STATE_DIR = "/var/lib/bus-integration-upcloud";

  private SettingsLoader() {}

  /**
   * @throws ConfigException one line naming the bad option and value
   */
  public static Settings load(String[] args, Map<String, String> env) {
    return load(args, env, SettingsLoader::hostName);
  }

  static Settings load(String[] args, Map<String, String> env, Supplier<String> hostName) {
    requireNonNull(args, "args is null");
    requireNonNull(env, "env is null");
    requireNonNull(hostName, "hostName is null");
    Map<String, String> flags = CommandLineSpec.parse(args);
    Inputs in = new Inputs(flags, env, asksForHelpOrVersion(flags));
    WorkerConfig worker = worker(in);
    EventsConfig events = events(in, hostName);
    UpCloudConfig upcloud = upcloud(in);
    ContainerConfig container = container(in);
    RunnerConfig runner = runner(in);
    StateConfig state = state(in, env, worker.mode());
    return new Settings(events, upcloud, container, runner, worker, state, in.warnings());
  }

  /** The {@code --help} text, every option grouped by concern with its variable and default. */
  public static String usage() {
    return CommandLineSpec.usage();
  }

  /**
   * Checks what the selected mode needs (events URL, tokens, names); see {@link ModeRequirements}.
   *
   * @throws ConfigException one line naming what is missing
   */
  public static void requireFor(Settings settings) {
    ModeRequirements.verify(settings);
  }

  /**
   * The settings {@code --self-test} runs with: the static provider and no names, so that it
   * exercises the VM and container listeners without network or credentials whatever the
   * environment configures. Everything else (timeouts, concurrency, logging) is kept.
   */
  public static Settings staticSelfTest(Settings settings) {
    requireNonNull(settings, "settings is null");
    UpCloudConfig upcloud = settings.upcloud();
    ContainerConfig c = settings.container();
    RunnerConfig r = settings.runner();
    return new Settings(
        settings.events(),
        new UpCloudConfig(
            Provider.STATIC,
            upcloud.apiUrl(),
            null,
            null,
            upcloud.vmActionTimeout(),
            upcloud.statePollInterval()),
        new ContainerConfig(
            null,
            c.codexImage(),
            c.zone(),
            c.plan(),
            c.os(),
            c.osStorageSizeGb(),
            c.networkMode(),
            c.privateNetwork(),
            c.privateIp(),
            c.sshKeys(),
            c.sshTarget(),
            c.sshUsers(),
            c.runNetwork(),
            c.runTmpfsSize(),
            c.runReadOnly(),
            c.runUser(),
            c.runWorkdir(),
            c.runTimeout(),
            c.startTimeout(),
            c.provisioning()),
        new RunnerConfig(
            r.dnsServers(),
            r.netplanMode(),
            r.applyNetplan(),
            r.deleteStopFirst(),
            r.deleteReadyStates(),
            r.transientStates(),
            r.deleteTimeout(),
            r.deletePollInterval(),
            r.deleteStorage(),
            r.sshReadyTimeout(),
            r.sshReadyPollInterval(),
            false),
        settings.worker(),
        settings.state().inMemory(),
        settings.warnings());
  }

  private static boolean asksForHelpOrVersion(Map<String, String> flags) {
    return isOn(flags.get(HELP.flag())) || isOn(flags.get(VERSION.flag()));
  }

  private static boolean isOn(String flagValue) {
    return flagValue != null && Booleans.tryParse(flagValue).orElse(false);
  }

  private static WorkerConfig worker(Inputs in) {
    WorkerMode mode = mode(in);
    boolean once = in.bool(ONCE);
    if (once && !mode.runsListeners() && mode != WorkerMode.HELP && mode != WorkerMode.VERSION) {
      in.fail("--once applies only to listener mode and --local");
    }
    int localPort = in.get(LOCAL_PORT, Conversions.integer(0, 65_535, "port"));
    ListenAddress health = in.get(HEALTH_LISTEN, (raw, flag) -> ListenAddress.parse(raw));
    if (health == null && mode == WorkerMode.LOCAL) {
      // Next to the embedded Events API; a free port when that one is picked freely too.
      health =
          new ListenAddress("127.0.0.1", localPort == 0 || localPort == 65_535 ? 0 : localPort + 1);
    }
    return new WorkerConfig(
        mode,
        once,
        localPort,
        in.get(MAX_IN_FLIGHT, Conversions.integer(1, Integer.MAX_VALUE, "count")),
        in.get(SHUTDOWN_GRACE, Conversions::nonNegativeDuration),
        in.get(LOG_FORMAT, (raw, flag) -> OutputFormat.parse(raw)),
        in.get(LOG_LEVEL, (raw, flag) -> LogLevel.parse(raw)),
        in.get(FORMAT, (raw, flag) -> OutputFormat.parse(raw)),
        health);
  }

  private static WorkerMode mode(Inputs in) {
    boolean help = in.bool(HELP);
    boolean version = in.bool(VERSION);
    Map<OptionDef, WorkerMode> exclusive = new LinkedHashMap<>();
    exclusive.put(EVENTS, WorkerMode.EVENTS);
    exclusive.put(SELF_TEST, WorkerMode.SELF_TEST);
    exclusive.put(CHECK_VM_STATUS, WorkerMode.CHECK_VM_STATUS);
    exclusive.put(CHECK_CONFIG, WorkerMode.CHECK_CONFIG);
    exclusive.put(LOCAL, WorkerMode.LOCAL);
    List<OptionDef> chosen = new ArrayList<>();
    for (OptionDef def : exclusive.keySet()) {
      if (in.bool(def)) {
        chosen.add(def);
      }
    }
    if (help) {
      return WorkerMode.HELP;
    }
    if (version) {
      return WorkerMode.VERSION;
    }
    if (chosen.isEmpty()) {
      return WorkerMode.LISTENER;
    }
    if (chosen.size() > 1) {
      in.fail(chosen.get(0).flag() + " and " + chosen.get(1).flag() + " cannot be combined");
    }
    return exclusive.get(chosen.get(0));
  }

  private static EventsConfig events(Inputs in, Supplier<String> hostName) {
    String consumer = in.get(EVENTS_CONSUMER, Conversions::identifier);
    if (consumer == null) {
      consumer = Conversions.sanitiseIdentifier(hostName.get(), FALLBACK_CONSUMER);
    }
    Duration retryMin = in.get(LISTENER_RETRY_MIN, Conversions::positiveDuration);
    Duration retryMax = in.get(LISTENER_RETRY_MAX, Conversions::positiveDuration);
    if (retryMax.compareTo(retryMin) < 0) {
      in.fail(
          in.source(LISTENER_RETRY_MAX)
              + ": "
              + GoDuration.format(retryMax)
              + " is less than "
              + in.source(LISTENER_RETRY_MIN)
              + " "
              + GoDuration.format(retryMin));
      retryMax = retryMin;
    }
    return new EventsConfig(
        in.get(EVENTS_URL, Conversions::optionalUrl),
        SecretSources.resolve(in, API_TOKEN, API_TOKEN_FILE, "bus-api-token"),
        in.get(EVENTS_GROUP, Conversions::identifier),
        consumer,
        in.bool(LISTENER_RETRY),
        retryMin,
        retryMax,
        in.bool(LISTENER_REQUIRED),
        in.bool(TOKEN_REFRESH));
  }

  private static UpCloudConfig upcloud(Inputs in) {
    return new UpCloudConfig(
        in.get(PROVIDER, (raw, flag) -> Provider.parse(raw)),
        in.get(UPCLOUD_API_URL, Conversions::url),
        SecretSources.resolve(in, UPCLOUD_TOKEN, UPCLOUD_TOKEN_FILE, "upcloud-token"),
        in.get(VM_NAME, Conversions::optionalText),
        in.get(VM_ACTION_TIMEOUT, Conversions::positiveDuration),
        in.get(UPCLOUD_POLL_INTERVAL, Conversions::positiveDuration));
  }

  private static ContainerConfig container(Inputs in) {
    String zone = in.get(CONTAINER_ZONE, Conversions::text);
    String privateNetwork = in.get(CONTAINER_PRIVATE_NETWORK, Conversions::optionalText);
    if (privateNetwork == null) {
      privateNetwork = "ai-platform-private-" + zone;
    }
    List<Path> sshKeys = in.get(CONTAINER_SSH_KEYS, Conversions::paths);
    return new ContainerConfig(
        in.get(CONTAINER_RUNNER_NAME, Conversions::optionalText),
        in.get(CONTAINER_CODEX_IMAGE, Conversions::text),
        zone,
        in.get(CONTAINER_PLAN, Conversions::text),
        in.get(CONTAINER_OS, Conversions::text),
        in.get(CONTAINER_OS_STORAGE_SIZE, Conversions.integer(0, Integer.MAX_VALUE, "size")),
        in.get(CONTAINER_NETWORK_MODE, (raw, flag) -> ContainerNetworkMode.parse(raw)),
        privateNetwork,
        in.get(CONTAINER_PRIVATE_IP, Conversions::optionalIpv4),
        sshKeys == null ? List.of() : sshKeys,
        in.get(CONTAINER_SSH_TARGET, Conversions::optionalText),
        in.get(CONTAINER_SSH_USERS, Conversions::nonEmptyWords),
        in.get(CONTAINER_RUN_NETWORK, Conversions::text),
        in.get(CONTAINER_RUN_TMPFS_SIZE, Conversions::size),
        in.bool(CONTAINER_RUN_READ_ONLY),
        in.get(CONTAINER_RUN_USER, Conversions::optionalText),
        in.get(CONTAINER_RUN_WORKDIR, Conversions::text),
        in.get(CONTAINER_RUN_TIMEOUT, Conversions::positiveDuration),
        in.get(CONTAINER_START_TIMEOUT, Conversions::positiveDuration),
        in.get(CONTAINER_RUNNER_PROVISIONING, (raw, flag) -> parseProvisioning(raw)));
  }

  private static StateConfig state(Inputs in, Map<String, String> env, WorkerMode mode) {
    Path dir = in.get(STATE_DIR, Conversions::optionalPath);
    if (dir == null) {
      String systemd = env.get("STATE_DIRECTORY");
      // systemd may list several directories separated by ':'; the first is ours.
      dir =
          systemd != null && !systemd.isBlank()
              ? Path.of(systemd.split(":")[0])
              : Path.of(DEFAULT_STATE_DIR);
    }
    boolean inMemory = mode == WorkerMode.LOCAL || mode == WorkerMode.SELF_TEST;
    return new StateConfig(
        inMemory ? null : dir,
        in.get(JOURNAL_MAX_RUNS, Conversions.integer(1, Integer.MAX_VALUE, "count")),
        in.get(JOURNAL_MAX_RUN_BYTES, Conversions.bytes(1024, Long.MAX_VALUE)),
        in.get(JOURNAL_MAX_ANSWERS, Conversions.integer(1, Integer.MAX_VALUE, "count")),
        in.get(JOURNAL_MAX_ANSWER_BYTES, Conversions.bytes(1024, Long.MAX_VALUE)),
        in.get(CONTAINER_OUTPUT_LIMIT, Conversions.bytes(1, 4L << 20)));
  }

  private static RunnerConfig runner(Inputs in) {
    List<String> dnsServers = in.get(RUNNER_DNS_SERVERS, Conversions::ipAddresses);
    return new RunnerConfig(
        dnsServers == null ? List.of() : dnsServers,
        in.get(RUNNER_NETPLAN_MODE, (raw, flag) -> NetplanMode.parse(raw)),
        in.bool(RUNNER_APPLY_NETPLAN),
        in.bool(RUNNER_DELETE_STOP_FIRST),
        in.get(RUNNER_DELETE_READY_STATES, Conversions::commaList),
        in.get(RUNNER_TRANSIENT_STATES, Conversions::commaList),
        in.get(RUNNER_DELETE_TIMEOUT, Conversions::positiveDuration),
        in.get(RUNNER_DELETE_POLL_INTERVAL, Conversions::positiveDuration),
        in.bool(RUNNER_DELETE_STORAGE),
        in.get(RUNNER_SSH_READY_TIMEOUT, Conversions::positiveDuration),
        in.get(RUNNER_SSH_READY_POLL_INTERVAL, Conversions::positiveDuration),
        in.bool(RUNNER_ADMIN));
  }

  /** The kernel's name avoids a DNS lookup; the JDK's answer is the portable fallback. */
  private static String hostName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | SecurityException e) {
      // not Linux, or not readable: ask the JDK
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return FALLBACK_CONSUMER;
    }
  }

  private static Provisioning parseProvisioning(String raw) {
    return WireNames.parse(
        Provisioning.values(), Provisioning::wire, raw, "container runner provisioning");
  }
}
