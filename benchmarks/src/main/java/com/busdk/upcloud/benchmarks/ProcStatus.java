package com.busdk.upcloud.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory and thread figures of a live process from {@code /proc/<pid>/status} (Linux): resident set
 * now, its high-water mark, and the thread count.
 */
record ProcStatus(long rssKib, long peakRssKib, int threads) {
  static final ProcStatus NONE = new ProcStatus(0, 0, 0);

  static ProcStatus of(long pid) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
    } catch (IOException e) {
      return NONE;
    }
    long rss = 0;
    long hwm = 0;
    int threads = 0;
    for (String line : lines) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = kib(line);
      } else if (line.startsWith("Threads:")) {
        threads = (int) kib(line);
      }
    }
    return new ProcStatus(rss, hwm, threads);
  }

  private static long kib(String line) {
    String digits = line.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Long.parseLong(digits);
  }

  static String mib(long kib) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024.0);
  }
}
