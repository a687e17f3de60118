package com.busdk.upcloud.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the built artefacts are, and the JVM options the launcher script gives the worker (read
 * from the script itself, so a change there is what gets measured).
 */
record Layout(
    Path root,
    Path java,
    Path launcher,
    Path jar,
    Path cdsArchive,
    Path benchClasses,
    Path logs,
    List<String> launcherJvmOptions) {

  private static final Pattern DEFAULT_OPTS = Pattern.compile("BUS_JAVA_OPTS:-([^}]*)}");

  static Layout of(Path root) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path launcher = root.resolve("bin/bus-integration-upcloud");
    Path jar = root.resolve("app/target/bus-integration-upcloud.jar");
    Path classes = root.resolve("benchmarks/target/classes");
    Path logs = root.resolve("benchmarks/target/bench-logs");
    for (Path required : List.of(launcher, jar, classes)) {
      if (!Files.exists(required)) {
        throw new IllegalStateException(required + " is missing; run bench/run.sh to build it");
      }
    }
    try {
      Files.createDirectories(logs);
      String script = Files.readString(launcher);
      Matcher m = DEFAULT_OPTS.matcher(script);
      List<String> options =
          m.find()
              ? new ArrayList<>(Arrays.asList(m.group(1).trim().split("\\s+")))
              : new ArrayList<>();
      return new Layout(
          root,
          java,
          launcher,
          jar,
          root.resolve("app/target/bus-integration-upcloud.jsa"),
          classes,
          logs,
          List.copyOf(options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How the launcher maps its class-data-sharing archive (see bin/bus-integration-upcloud): at the
   * address it was dumped for. The hello-world baseline gets it too, for the JDK's own archive, so
   * that the comparison is not flattered by it.
   */
  static final List<String> CDS_MAPPING =
      List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

  /** {@code java <launcher options> -cp <benchmark classes> <mainClass> args...}. */
  List<String> benchJava(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(CDS_MAPPING);
    command.addAll(launcherJvmOptions);
    command.add("-cp");
    command.add(benchClasses.toString());
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    return command;
  }

  /** The worker through its launcher script, as an operator starts it. */
  List<String> worker(String... args) {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(Arrays.asList(args));
    // Diagnostics only: extra worker flags, e.g. --log-level warn, to measure their effect.
    String extra = System.getenv("BENCH_WORKER_ARGS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(Arrays.asList(extra.strip().split("\\s+")));
    }
    return command;
  }

  /** The worker with the launcher's JVM options but without the script, optionally without CDS. */
  List<String> workerDirect(boolean appCds, String... args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(launcherJvmOptions);
    if (appCds && Files.exists(cdsArchive)) {
      command.add("-XX:SharedArchiveFile=" + cdsArchive);
      command.add("-Xshare:auto");
      command.addAll(CDS_MAPPING);
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(Arrays.asList(args));
    return command;
  }
}
