package com.busdk.upcloud.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks of issues 7 and 10 and writes {@code bench/results.md}. Started by {@code
 * bench/run.sh}; prints one line per figure on standard output.
 *
 * <p>Arguments: the repository root, then optionally the sections to run ({@code startup codec
 * dispatch economy concurrency inflight journal memory}; all by default). Sizes come from the
 * environment: {@code BENCH_EVENTS} (20000), {@code BENCH_OUTSTANDING} (16), {@code BENCH_RUNS}
 * (500), {@code BENCH_IN_FLIGHT_RUNS} (10000), {@code BENCH_STARTUP_RUNS} (5), {@code
 * BENCH_JOURNAL_SIZES} (1000,10000,100000), {@code BENCH_JOURNAL_QUERIES} (1000), {@code
 * BENCH_MEMORY_REQUESTS} (100000). The rows of sections not run this time are kept from the
 * previous {@code results.md}.
 */
public final class Bench {
  private static final List<String> SECTIONS =
      List.of(
          "startup",
          "codec",
          "dispatch",
          "economy",
          "concurrency",
          "inflight",
          "journal",
          "memory");

  private Bench() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Set<String> wanted = new LinkedHashSet<>();
    for (int i = 1; i < args.length; i++) {
      if (!SECTIONS.contains(args[i])) {
        System.err.println("unknown section " + args[i] + "; known: " + SECTIONS);
        System.exit(2);
      }
      wanted.add(args[i]);
    }
    if (wanted.isEmpty()) {
      wanted.addAll(SECTIONS);
    }
    Layout layout = Layout.of(root);
    Map<String, String> env = System.getenv();
    int events = intEnv(env, "BENCH_EVENTS", 20000);
    int outstanding = intEnv(env, "BENCH_OUTSTANDING", 16);
    int runs = intEnv(env, "BENCH_RUNS", 500);
    int startupRuns = intEnv(env, "BENCH_STARTUP_RUNS", 5);
    int memoryRequests = intEnv(env, "BENCH_MEMORY_REQUESTS", 100000);

    Instant began = Instant.now();
    List<Figure> figures = new ArrayList<>();
    boolean failed = false;
    for (String section : wanted) {
      try {
        List<Figure> produced =
            switch (section) {
              case "startup" -> new StartupBench(layout, startupRuns).run();
              case "codec" -> codec();
              case "dispatch" -> new DispatchBench(layout, events, outstanding).run();
              case "economy" -> new EconomyBench(layout).run();
              case "concurrency" -> new ConcurrencyBench(layout, runs).run();
              case "inflight" ->
                  new InFlightBench(layout, intEnv(env, "BENCH_IN_FLIGHT_RUNS", 10000)).run();
              case "journal" ->
                  new JournalGrowthBench(
                          layout,
                          intsEnv(env, "BENCH_JOURNAL_SIZES", List.of(1000, 10000, 100000)),
                          intEnv(env, "BENCH_JOURNAL_QUERIES", 1000))
                      .run();
              case "memory" -> new MemoryBench(layout, memoryRequests).run();
              default -> throw new IllegalStateException(section);
            };
        for (Figure f : produced) {
          System.out.println(f.line());
          figures.add(f);
        }
      } catch (Exception e) {
        failed = true;
        Figure f =
            Figure.info(section, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
        System.out.println(f.line());
        figures.add(f);
        e.printStackTrace();
      }
    }
    Duration took = Duration.between(began, Instant.now());
    Path out = root.resolve("bench/results.md");
    List<String> kept = Files.exists(out) ? keptRows(Files.readAllLines(out), figures) : List.of();
    Files.writeString(
        out,
        markdown(
            figures, kept, began, took, events, outstanding, runs, startupRuns, memoryRequests));
    System.out.println("wrote " + root.relativize(out) + " in " + took.toSeconds() + " s");
    System.exit(failed ? 1 : 0);
  }

  private static List<Figure> codec() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(CodecBenchmark.class.getName())
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .verbosity(VerboseMode.SILENT)
            .build();
    double worker = Double.NaN;
    double minimal = Double.NaN;
    for (RunResult result : new Runner(options).run()) {
      String method = result.getParams().getBenchmark();
      double score = result.getPrimaryResult().getScore();
      if (method.endsWith(".workerCodec")) {
        worker = score;
      } else if (method.endsWith(".minimalCodec")) {
        minimal = score;
      }
    }
    return List.of(
        Figure.compared(
            "1 dispatch (JMH)",
            "CPU per event in the codec: parse request, decode payload, encode response",
            String.format(Locale.ROOT, "%.2f us", worker / 1000),
            String.format(Locale.ROOT, "%.2f us (regex + string splice)", minimal / 1000),
            worker / minimal));
  }

  /**
   * The table rows of an earlier {@code results.md} whose benchmark none of {@code figures} is
   * from: what a run of some sections leaves as it was.
   */
  private static List<String> keptRows(List<String> previous, List<Figure> figures) {
    Set<String> measured = new LinkedHashSet<>();
    for (Figure f : figures) {
      measured.add(f.section());
    }
    List<String> kept = new ArrayList<>();
    for (String line : previous) {
      if (!line.startsWith("| ") || line.startsWith("| benchmark |") || line.startsWith("| ---")) {
        continue;
      }
      String section = line.substring(2, Math.max(2, line.indexOf(" |", 2)));
      if (!measured.contains(section)) {
        kept.add(line);
      }
    }
    return kept;
  }

  private static String markdown(
      List<Figure> figures,
      List<String> kept,
      Instant began,
      Duration took,
      int events,
      int outstanding,
      int runs,
      int startupRuns,
      int memoryRequests) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n");
    md.append("Generated by `bench/run.sh` on ")
        .append(began.truncatedTo(ChronoUnit.SECONDS))
        .append(" in ")
        .append(took.toSeconds())
        .append(" s. Do not edit by hand.\n\n");
    md.append("- JDK: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append("; ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs\n");
    md.append("- sizes: BENCH_EVENTS=")
        .append(events)
        .append(", BENCH_OUTSTANDING=")
        .append(outstanding)
        .append(", BENCH_RUNS=")
        .append(runs)
        .append(", BENCH_STARTUP_RUNS=")
        .append(startupRuns)
        .append(", BENCH_MEMORY_REQUESTS=")
        .append(memoryRequests)
        .append("\n");
    md.append("- every ratio is the worker's figure over the baseline measured in the same run\n");
    if (!kept.isEmpty()) {
      md.append("- ")
          .append(kept.size())
          .append(" rows of benchmarks not run this time are kept from the previous results\n");
    }
    md.append('\n');
    md.append("| benchmark | figure | worker | baseline | ratio | goal | verdict |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (String row : kept) {
      md.append(row).append('\n');
    }
    for (Figure f : figures) {
      md.append(f.row()).append('\n');
    }
    return md.toString();
  }

  private static List<Integer> intsEnv(
      Map<String, String> env, String name, List<Integer> fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return java.util.Arrays.stream(value.split(","))
        .map(String::strip)
        .map(Integer::parseInt)
        .toList();
  }

  private static int intEnv(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return Integer.parseInt(value.strip());
  }
}
