package com.busdk.upcloud.app.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The command line as the option declarations ({@link Options}) define it: tokenising of the
 * arguments and the {@code --help} text. Only tokenising happens here: every value is kept as the
 * raw string so that conversion, defaults and error wording stay in one place.
 *
 * <p>The grammar is that of long GNU options as Go's flag package reads them: {@code --name=value}
 * or {@code --name value}; a boolean switch is true bare ({@code --once}) and takes a value only
 * after '=' ({@code --once=false}), so it never swallows the next argument; a repeated flag keeps
 * its last value; {@code --} ends the options. There are no positional arguments and no argument
 * files. (Picocli did this before; it was dropped because its Java 5 class files cannot be kept in
 * the class-data-sharing archive, and loading them was a fifth of a one-shot mode's start-up.)
 */
final class CommandLineSpec {
  static final String COMMAND = "bus-integration-upcloud";
  private static final int HELP_WIDTH = 100;
  private static final int NAME_INDENT = 6;
  private static final int DESCRIPTION_COLUMN = 52;
  private static final int CONTINUATION_COLUMN = DESCRIPTION_COLUMN + 2;
  private static final String UNEXPECTED =
      "unexpected argument (this command takes only options; see --help)";

  private CommandLineSpec() {}

  /**
   * Returns the raw value of every flag present on the command line, keyed by canonical name. A
   * repeated flag keeps its last value, as Go's flag package does.
   *
   * @throws ConfigException naming the option (never its value) for an unknown option, a missing
   *     value or a stray argument
   */
  static Map<String, String> parse(String[] args) {
    Map<String, OptionDef> byName = new HashMap<>();
    for (OptionDef def : Options.DEFS) {
      def.names().forEach(name -> byName.put(name, def));
    }
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--") || !arg.startsWith("-") || arg.equals("-")) {
        throw new ConfigException(UNEXPECTED);
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      OptionDef def = byName.get(name);
      if (def == null) {
        throw new ConfigException(unknown(name));
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (def.switchFlag()) {
        value = "true";
      } else if (i + 1 < args.length && !isOption(args[i + 1], byName)) {
        value = args[++i];
      } else {
        throw new ConfigException(def.flag() + ": missing value");
      }
      flags.put(def.flag(), value);
    }
    return flags;
  }

  /** Whether {@code arg} is one of the declared options (so not the value of the one before). */
  private static boolean isOption(String arg, Map<String, OptionDef> byName) {
    int equals = arg.indexOf('=');
    return byName.containsKey(equals < 0 ? arg : arg.substring(0, equals));
  }

  /**
   * Only the option's name is reported: a mistyped token flag ({@code --api-token=...}) must not
   * print the token.
   */
  private static String unknown(String name) {
    if (name.toLowerCase(Locale.ROOT).contains("token")) {
      return name
          + ": unknown option (tokens are read only from the environment: BUS_API_TOKEN,"
          + " UPCLOUD_TOKEN)";
    }
    return name + ": unknown option (see --help)";
  }

  /**
   * The help text: the usage line, the value rules, then each section's flags and, below them, its
   * environment-only values, in two columns wrapped at 100 characters.
   */
  static String usage() {
    StringBuilder out = new StringBuilder();
    out.append("Usage: ").append(COMMAND).append(" [OPTION...]\n\n");
    wrap(
        out,
        "BusDK worker that serves VM and container request events by operating UpCloud servers.");
    wrap(
        out,
        "Flags take precedence over environment variables, which take precedence over the"
            + " defaults. Booleans accept 1 true yes on 0 false no off; a bare boolean flag means"
            + " true. Durations use Go syntax (30s, 5m, 1h30m, 1.5s, 250ms); integer environment"
            + " values are seconds. Tokens are read only from the environment.");
    for (HelpSection section : HelpSection.values()) {
      out.append('\n').append(section.heading()).append(":\n");
      for (OptionDef def : Options.DEFS) {
        if (def.section() == section && def.hasFlag()) {
          row(out, flagColumn(def), def.helpText());
        }
      }
      for (OptionDef def : Options.DEFS) {
        if (def.section() == section && !def.hasFlag()) {
          row(out, "  " + def.env() + "=<" + def.label() + ">", environmentText(def));
        }
      }
    }
    return out.toString();
  }

  /** {@code -h, --help[=<bool>]} or {@code --name=<label>}, long names aligned. */
  private static String flagColumn(OptionDef def) {
    String shortName = null;
    String longName = def.flag();
    for (String name : def.names()) {
      if (!name.startsWith("--")) {
        shortName = name;
      } else if (!name.equals(longName) && longName.length() < name.length()) {
        longName = name;
      }
    }
    String value = def.switchFlag() ? "[=<bool>]" : "=<" + def.label() + ">";
    String prefix = shortName == null ? " ".repeat(NAME_INDENT) : "  " + shortName + ", ";
    return prefix + longName + value;
  }

  private static String environmentText(OptionDef def) {
    return def.summary()
        + (def.defaultValue() == null ? "" : " Default: " + def.defaultValue() + ".");
  }

  /** Lays out one option: its name, then its description from column 52, wrapped. */
  private static void row(StringBuilder out, String name, String text) {
    StringBuilder line = new StringBuilder(name);
    if (line.length() >= DESCRIPTION_COLUMN) {
      out.append(line).append('\n');
      line = new StringBuilder();
    }
    int indent = DESCRIPTION_COLUMN;
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > indent && line.length() + 1 + word.length() > HELP_WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder();
        indent = CONTINUATION_COLUMN;
      }
      if (line.length() < indent) {
        line.append(" ".repeat(indent - line.length()));
      } else {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line).append('\n');
  }

  /** A paragraph wrapped at the help width, with no indent. */
  private static void wrap(StringBuilder out, String text) {
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > HELP_WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder();
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line).append('\n');
  }
}
