package com.busdk.upcloud.benchmarks;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 2: wall time from process start to exit of one-shot commands, against a hello-world run
 * with the same JDK and JVM options. Each command runs once to warm the page cache, then {@code
 * runs} times; the median counts.
 */
final class StartupBench {
  private final Layout layout;
  private final int runs;

  StartupBench(Layout layout, int runs) {
    this.layout = layout;
    this.runs = runs;
  }

  List<Figure> run() throws Exception {
    String section = "2 start-up";
    List<Figure> out = new ArrayList<>();
    long hello = median("hello", layout.benchJava(HelloWorld.class.getName()));
    boolean cds = Files.exists(layout.cdsArchive());
    out.add(
        Figure.info(
            section,
            "hello-world baseline (java "
                + String.join(" ", Layout.CDS_MAPPING)
                + " "
                + String.join(" ", layout.launcherJvmOptions())
                + ")",
            DispatchBench.ms(hello)));
    out.add(
        Figure.info(
            section,
            "AppCDS archive " + layout.root().relativize(layout.cdsArchive()),
            cds ? (Files.size(layout.cdsArchive()) / (1024 * 1024)) + " MiB, in use" : "missing"));
    List<List<String>> commands =
        List.of(
            List.of("--version"),
            List.of("--self-test"),
            List.of("--check-vm-status", "--provider", "static"));
    for (List<String> args : commands) {
      String[] a = args.toArray(String[]::new);
      String label = String.join(" ", args);
      long viaLauncher = median("launcher " + label, layout.worker(a));
      double ratio = (double) viaLauncher / hello;
      // Issue 14: a version probe within twice a hello world, the one-shot modes within five times.
      double goal = args.get(0).equals("--version") ? 2.0 : 5.0;
      out.add(
          Figure.compared(
                  section,
                  "bin/bus-integration-upcloud " + label,
                  DispatchBench.ms(viaLauncher),
                  DispatchBench.ms(hello),
                  ratio)
              .withGoal("<= " + (int) goal + "x", ratio <= goal));
      long direct = median("direct " + label, layout.workerDirect(true, a));
      out.add(
          Figure.compared(
              section,
              "java -jar (launcher options" + (cds ? ", AppCDS" : "") + ") " + label,
              DispatchBench.ms(direct),
              DispatchBench.ms(hello),
              (double) direct / hello));
      if (cds) {
        long noCds = median("nocds " + label, layout.workerDirect(false, a));
        out.add(
            Figure.compared(
                section,
                "java -jar (launcher options, no AppCDS) " + label,
                DispatchBench.ms(noCds),
                DispatchBench.ms(hello),
                (double) noCds / hello));
      }
    }
    return out;
  }

  private long median(String label, List<String> command) throws Exception {
    String file = "startup-" + label.replaceAll("[^A-Za-z0-9]+", "-");
    time(file, command);
    long[] samples = new long[runs];
    for (int i = 0; i < runs; i++) {
      samples[i] = time(file, command);
    }
    return Stats.median(samples);
  }

  private long time(String file, List<String> command) throws Exception {
    long start = System.nanoTime();
    Child child = Child.start(layout, file, command, Map.of());
    int code = child.waitFor();
    long elapsed = System.nanoTime() - start;
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
    }
    return elapsed;
  }
}
