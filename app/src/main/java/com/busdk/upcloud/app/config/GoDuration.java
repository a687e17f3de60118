package com.busdk.upcloud.app.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Durations in Go's {@code time.ParseDuration} syntax ({@code 30s}, {@code 5m}, {@code 1h30m},
 * {@code 1.5s}, {@code 250ms}), which is what the Go worker's operators already write.
 */
public final class GoDuration {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Pattern BARE_INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Map<String, Long> UNIT_NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", NANOS_PER_SECOND,
          "m", 60 * NANOS_PER_SECOND,
          "h", 3_600 * NANOS_PER_SECOND);

  private GoDuration() {}

  /**
   * Parses Go duration syntax. As in Go, a lone {@code 0} needs no unit; any other number does.
   *
   * @throws IllegalArgumentException {@code invalid duration "<text>"}
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text is null");
    if (BARE_INTEGER.matcher(text).matches() && !isZero(text)) {
      throw invalid(text, " (add a unit, e.g. " + text.replaceFirst("^\\+", "") + "s)");
    }
    return parseGo(text);
  }

  /** Like {@link #parse}, but a bare integer means seconds, as in the BusDK environment files. */
  public static Duration parseEnv(String text) {
    Objects.requireNonNull(text, "text is null");
    if (BARE_INTEGER.matcher(text).matches()) {
      try {
        return Duration.ofSeconds(Long.parseLong(text));
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(text, "");
      }
    }
    return parseGo(text);
  }

  /**
   * Compact Go-style text with zero components left out ({@code 30m}, {@code 1h30m}, {@code 1.5s},
   * {@code 250ms}); {@link #parse} reads it back to the same value.
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration is null");
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (seconds == 0) {
      if (nanos >= 1_000_000) {
        return decimal(nanos, 6) + "ms";
      }
      if (nanos >= 1_000) {
        return decimal(nanos, 3) + "us";
      }
      return nanos + "ns";
    }
    StringBuilder out = new StringBuilder();
    long hours = seconds / 3_600;
    long minutes = seconds % 3_600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (rest > 0 || nanos > 0) {
      out.append(decimal(rest * NANOS_PER_SECOND + nanos, 9)).append('s');
    }
    return out.toString();
  }

  private static String decimal(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).stripTrailingZeros().toPlainString();
  }

  private static boolean isZero(String text) {
    return text.replaceFirst("^[+-]", "").chars().allMatch(c -> c == '0');
  }

  private static Duration parseGo(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text, "");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      boolean wholeDigits = i > start;
      boolean fractionDigits = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        fractionDigits = i > fractionStart;
      }
      if (!wholeDigits && !fractionDigits) {
        throw invalid(text, "");
      }
      BigDecimal number = new BigDecimal(s.substring(start, i).replaceFirst("\\.$", ""));
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      Long unit = UNIT_NANOS.get(s.substring(unitStart, i));
      if (unit == null) {
        throw invalid(text, "");
      }
      total = total.add(number.multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger nanos = total.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw invalid(text, " (out of range)");
    }
    long value = nanos.longValueExact();
    return Duration.ofNanos(negative ? -value : value);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text, String hint) {
    return new IllegalArgumentException("invalid duration " + Quoted.of(text) + hint);
  }
}
