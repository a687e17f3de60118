package com.busdk.upcloud.app.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The picocli model built from the option declarations ({@link Options}). Picocli only tokenises
 * here: every value is kept as the raw string so that conversion, defaults and error wording stay
 * in one place.
 */
final class CommandLineSpec {
  static final String COMMAND = "bus-integration-upcloud";
  private static final int HELP_WIDTH = 100;
  private static final int OPTION_COLUMN_WIDTH = 44;
  private static final int DESCRIPTION_COLUMN = 52;

  private CommandLineSpec() {}

  /**
   * Returns the raw value of every flag present on the command line, keyed by canonical name. A
   * repeated flag keeps its last value, as Go's flag package does.
   */
  static Map<String, String> parse(String[] args) {
    CommandLine commandLine = new CommandLine(build());
    ParseResult result;
    try {
      result = commandLine.parseArgs(attachSwitchValues(args));
    } catch (UnmatchedArgumentException e) {
      throw new ConfigException(unmatched(e));
    } catch (MissingParameterException e) {
      throw new ConfigException(missing(e));
    } catch (ParameterException e) {
      throw new ConfigException(e.getMessage().lines().findFirst().orElse("invalid arguments"));
    }
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionDef def : Options.DEFS) {
      if (def.hasFlag() && result.hasMatchedOption(def.flag())) {
        flags.put(def.flag(), result.matchedOptionValue(def.flag(), ""));
      }
    }
    return flags;
  }

  /**
   * A bare switch ({@code --once}) becomes {@code --once=true}. Otherwise picocli would take the
   * next word as the switch's value: {@code --help --api-token=...} would then quote the token in
   * the "invalid boolean" error. Go's flag package likewise reads a boolean value only after '='.
   */
  private static String[] attachSwitchValues(String[] args) {
    Set<String> switches = new HashSet<>();
    for (OptionDef def : Options.DEFS) {
      if (def.switchFlag()) {
        switches.addAll(def.names());
      }
    }
    String[] rewritten = args.clone();
    for (int i = 0; i < rewritten.length; i++) {
      if (rewritten[i].equals("--")) {
        break;
      }
      if (switches.contains(rewritten[i])) {
        rewritten[i] = rewritten[i] + "=true";
      }
    }
    return rewritten;
  }

  static String usage() {
    CommandLine commandLine = new CommandLine(build());
    return commandLine.getUsageMessage(Help.Ansi.OFF);
  }

  private static String missing(MissingParameterException e) {
    return e.getMissing().stream()
        .filter(OptionSpec.class::isInstance)
        .map(arg -> ((OptionSpec) arg).longestName() + ": missing value")
        .findFirst()
        .orElse("missing value");
  }

  /**
   * Picocli echoes unmatched arguments whole; a mistyped token flag ({@code --api-token=...}) would
   * print the token. Only the option name is reported, and a stray word only by position.
   */
  private static String unmatched(UnmatchedArgumentException e) {
    String first = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
    if (first.startsWith("-")) {
      String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
      if (name.toLowerCase(Locale.ROOT).contains("token")) {
        return name
            + ": unknown option (tokens are read only from the environment: BUS_API_TOKEN,"
            + " UPCLOUD_TOKEN)";
      }
      return name + ": unknown option (see --help)";
    }
    return "unexpected argument (this command takes only options; see --help)";
  }

  private static CommandSpec build() {
    CommandSpec spec = CommandSpec.create().name(COMMAND);
    spec.parser().overwrittenOptionsAllowed(true).expandAtFiles(false);
    spec.usageMessage()
        .customSynopsis(COMMAND + " [OPTION...]")
        .description(
            "%nBusDK worker that serves VM and container request events by operating UpCloud"
                + " servers.",
            "Flags take precedence over environment variables, which take precedence over the"
                + " defaults. Booleans accept 1 true yes on 0 false no off; a bare boolean flag"
                + " means true. Durations use Go syntax (30s, 5m, 1h30m, 1.5s, 250ms); integer"
                + " environment values are seconds. Tokens are read only from the environment.")
        .width(HELP_WIDTH)
        .longOptionsMaxWidth(OPTION_COLUMN_WIDTH)
        .sortOptions(false);
    // Environment-only values are not picocli options (they must not be accepted as flags), so
    // they are rendered as text below their section's flags: in the next section's heading, or
    // in the footer for the last section.
    String pendingRows = "";
    for (HelpSection section : HelpSection.values()) {
      ArgGroupSpec.Builder group =
          ArgGroupSpec.builder()
              .heading(pendingRows + "%n" + section.heading() + ":%n")
              .exclusive(false)
              .multiplicity("0..1")
              .validate(false);
      StringBuilder rows = new StringBuilder();
      for (OptionDef def : Options.DEFS) {
        if (def.section() != section) {
          continue;
        }
        if (def.hasFlag()) {
          group.addArg(option(def));
        } else {
          rows.append(environmentRow(def));
        }
      }
      pendingRows = rows.toString();
      spec.addArgGroup(group.build());
    }
    spec.usageMessage().footer(pendingRows);
    return spec;
  }

  /** Lays out an environment-only value in the same columns picocli uses for options. */
  private static String environmentRow(OptionDef def) {
    String name = "  " + def.env() + "=<" + def.label() + ">";
    String text =
        escape(
            def.summary()
                + (def.defaultValue() == null ? "" : " Default: " + def.defaultValue() + "."));
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(name);
    if (line.length() >= DESCRIPTION_COLUMN) {
      out.append(line).append("%n");
      line = new StringBuilder();
    }
    int indent = DESCRIPTION_COLUMN;
    for (String word : text.split(" ")) {
      if (line.length() > indent && line.length() + 1 + word.length() > HELP_WIDTH) {
        out.append(line).append("%n");
        line = new StringBuilder();
        indent = DESCRIPTION_COLUMN + 2;
      }
      if (line.length() < indent) {
        line.append(" ".repeat(indent - line.length()));
      } else {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).append("%n").toString();
  }

  private static OptionSpec option(OptionDef def) {
    OptionSpec.Builder option =
        OptionSpec.builder(def.names().toArray(String[]::new))
            .type(String.class)
            .description(escape(def.helpText()));
    if (def.switchFlag()) {
      option.arity("0..1").fallbackValue("true").paramLabel("<bool>");
    } else {
      option.arity("1").paramLabel("<" + def.label() + ">");
    }
    return option.build();
  }

  /** Help texts pass through String.format and picocli's variable interpolation. */
  private static String escape(String text) {
    return text.replace("%", "%%").replace("${", "$${");
  }
}
