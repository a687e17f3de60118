package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Option.mode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the process does this run: the mode switches and the output format of {@code --events}. */
final class ModeOptions {
  private ModeOptions() {}

  static final Option<Boolean> HELP =
      new Option<>(
          new OptionDef(
              List.of("--help", "-h"),
              null,
              HelpSection.MODES,
              true,
              "bool",
              null,
              null,
              "Print this help and exit."),
          null);
  static final Option<Boolean> VERSION = mode("--version", "Print the version and exit.");
  static final Option<Boolean> EVENTS =
      mode(
          "--events",
          "Print the event names the configured mode consumes and publishes, then exit.");
  static final Option<Boolean> SELF_TEST =
      mode(
          "--self-test",
          "Run an in-memory worker check and exit. Needs no network and no credentials.");
  static final Option<Boolean> CHECK_VM_STATUS =
      mode(
          "--check-vm-status",
          "Print one VM status response through the selected provider and exit. With --provider"
              + " upcloud, UPCLOUD_TOKEN and a VM name are required.");
  static final Option<Boolean> CHECK_CONFIG =
      mode("--check-config", "Validate the configuration for listener mode and exit.");
  static final Option<Boolean> LOCAL =
      mode(
          "--local",
          "Serve requests from an embedded in-memory Events API on --local-port instead of a"
              + " remote one. Needs no BUS_API_TOKEN.");
  static final Option<Boolean> ONCE =
      mode(
          "--once",
          "Process one event and exit. For diagnostics, not for long-running production workers.");
  static final Option<OutputFormat> FORMAT =
      new Option<>(
          new OptionDef(
              List.of("--format"),
              null,
              HelpSection.MODES,
              false,
              "text|json",
              "text",
              null,
              "Output format of --events."),
          (raw, flag) -> OutputFormat.parse(raw));

  static final List<Option<?>> ALL =
      List.of(HELP, VERSION, EVENTS, SELF_TEST, CHECK_VM_STATUS, CHECK_CONFIG, LOCAL, ONCE, FORMAT);

  /** Whether the raw flags ask for help or the version, which must work whatever else is wrong. */
  static boolean asksForHelpOrVersion(Map<String, String> flags) {
    return isOn(flags.get(HELP.def().flag())) || isOn(flags.get(VERSION.def().flag()));
  }

  private static boolean isOn(String flagValue) {
    return flagValue != null && Booleans.tryParse(flagValue).orElse(false);
  }

  /** The selected mode: help and version win; the other mode switches exclude each other. */
  static WorkerMode selected(Inputs in) {
    // Listed, not hashed: a record's hashCode is bootstrapped through method handles at its first
    // use, which costs a one-shot mode's start-up more than the whole rest of this method.
    List<Map.Entry<Option<Boolean>, WorkerMode>> exclusive =
        List.of(
            Map.entry(EVENTS, WorkerMode.EVENTS),
            Map.entry(SELF_TEST, WorkerMode.SELF_TEST),
            Map.entry(CHECK_VM_STATUS, WorkerMode.CHECK_VM_STATUS),
            Map.entry(CHECK_CONFIG, WorkerMode.CHECK_CONFIG),
            Map.entry(LOCAL, WorkerMode.LOCAL));
    boolean help = in.bool(HELP);
    boolean version = in.bool(VERSION);
    List<Map.Entry<Option<Boolean>, WorkerMode>> chosen = new ArrayList<>();
    for (Map.Entry<Option<Boolean>, WorkerMode> mode : exclusive) {
      if (in.bool(mode.getKey())) {
        chosen.add(mode);
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
      in.fail(
          chosen.get(0).getKey().def().flag()
              + " and "
              + chosen.get(1).getKey().def().flag()
              + " cannot be combined");
    }
    return chosen.get(0).getValue();
  }
}
