package com.busdk.upcloud.app.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small reader of the Prometheus text exposition format (0.0.4), enough for tests: every sample
 * line becomes one entry keyed by its name and its labels sorted by name, such as {@code
 * bus_requests_total{name="bus.vm.status.request",outcome="ok"}}. Comment lines are checked for
 * shape and skipped.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+-?\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");
  private static final Pattern COMMENT =
      Pattern.compile("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$");

  private PrometheusText() {}

  /**
   * @throws IllegalArgumentException on a line that is neither a sample nor a HELP/TYPE comment
   */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (!COMMENT.matcher(line).matches()) {
          throw new IllegalArgumentException("not a HELP or TYPE line: " + line);
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null && !m.group(3).isEmpty()) {
        Matcher l = LABEL.matcher(m.group(3));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        if (end != m.group(3).length()) {
          throw new IllegalArgumentException("bad labels: " + line);
        }
      }
      samples.put(key(m.group(1), labels), value(m.group(4)));
    }
    return samples;
  }

  /**
   * The key of a sample: {@code name{a="1",b="2"}}, labels sorted; just the name without labels.
   */
  public static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder key = new StringBuilder(name).append('{');
    String sep = "";
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      key.append(sep).append(e.getKey()).append("=\"").append(e.getValue()).append('"');
      sep = ",";
    }
    return key.append('}').toString();
  }

  private static double value(String raw) {
    return switch (raw) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(raw);
    };
  }
}
