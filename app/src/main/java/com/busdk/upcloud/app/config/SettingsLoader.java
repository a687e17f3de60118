package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the command line and the environment into {@link Settings}: flag, then environment
 * variable, then default. Each option is declared once, with its conversion, in its section's class
 * ({@link EventsOptions}, {@link ContainerOptions}, …), which also builds that section's config
 * record. Checks that depend on the mode (credentials, required names) are in {@link
 * ModeRequirements} so that {@code --help} and {@code --self-test} work without them.
 */
public final class SettingsLoader {
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
    Inputs in = new Inputs(flags, env, ModeOptions.asksForHelpOrVersion(flags));
    WorkerConfig worker = WorkerOptions.load(in);
    EventsConfig events = EventsOptions.load(in, hostName);
    UpCloudConfig upcloud = UpCloudOptions.load(in);
    ContainerConfig container = ContainerOptions.load(in);
    RunnerConfig runner = RunnerOptions.load(in);
    StateConfig state = StateOptions.load(in, worker.mode());
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
    return new Settings(
        settings.events(),
        settings.upcloud().staticWithoutNames(),
        settings.container().withoutRunnerName(),
        settings.runner().withoutAdmin(),
        settings.worker(),
        settings.state().inMemory(),
        settings.warnings());
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
      return EventsOptions.FALLBACK_CONSUMER;
    }
  }
}
