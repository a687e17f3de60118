package com.busdk.upcloud.app.ops;

import com.busdk.upcloud.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link Main} in-process and reads what the command line offers. */
final class Cli {
  private static final Pattern ENV_IN_SUMMARY = Pattern.compile("Env: ([A-Z][A-Z0-9_]+)");
  private static final Pattern ENV_ONLY_ROW = Pattern.compile("(?m)^\\s+([A-Z][A-Z0-9_]+)=<");
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)");

  private Cli() {}

  /** One invocation's exit code and output. */
  record Result(int code, String out, String err) {}

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String help() {
    return run(Map.of(), "--help").out();
  }

  /** Every flag {@code --help} documents. */
  static Set<String> flags() {
    Set<String> flags = new TreeSet<>();
    Matcher m = FLAG.matcher(help());
    while (m.find()) {
      flags.add(m.group(1));
    }
    return flags;
  }

  /** Every environment variable {@code --help} documents. */
  static Set<String> envNames() {
    String help = help();
    Set<String> names = new TreeSet<>();
    Matcher rows = ENV_ONLY_ROW.matcher(help);
    while (rows.find()) {
      names.add(rows.group(1));
    }
    // Help wraps long descriptions, so "Env: NAME" may straddle a line break.
    Matcher summaries = ENV_IN_SUMMARY.matcher(help.replaceAll("\\s+", " "));
    while (summaries.find()) {
      names.add(summaries.group(1));
    }
    return names;
  }

  /** The repository root (surefire and failsafe run in the app module directory). */
  static Path repoRoot() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
  }
}
