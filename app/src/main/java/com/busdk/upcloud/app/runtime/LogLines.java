package com.busdk.upcloud.app.runtime;

import com.busdk.upcloud.app.config.OutputFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

/**
 * Renders one log event as one line. Text: {@code <ts> [LEVEL] <logger> - <message>}, the message
 * already carrying {@code key=value} fields. JSON: one object with {@code ts}, {@code level},
 * {@code logger}, {@code msg} and each {@code key=value} of the message lifted into its own field
 * (so {@code name}, {@code correlation_id}, {@code outcome} and {@code duration_ms} can be
 * queried). Configured secrets are replaced by {@code ***} before anything is written.
 *
 * <p>One log call is always one physical line, whatever the values from outside carry: in both
 * formats line breaks, tabs, other C0 and C1 controls, DEL, U+2028/U+2029 and lone surrogates are
 * written as escapes ({@code \n}, {@code \r}, {@code \t}, otherwise backslash-u and four hex
 * digits), in the message and in a throwable's stack trace alike. A correlation id cannot forge a
 * log line, colour a terminal, or turn into {@code ?} on the way to stderr.
 */
final class LogLines {
  static final String MASK = "***";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  /** A {@code key=value} pair: a lower-case key not glued to a preceding word. */
  private static final Pattern FIELD = Pattern.compile("(?<![\\w.=-])([a-z][a-z0-9_]*)=(\\S+)");

  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
  private static final Set<String> RESERVED = Set.of("ts", "level", "logger", "msg", "error");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogLines() {}

  static String format(
      OutputFormat format,
      OffsetDateTime time,
      Level level,
      String logger,
      String message,
      Throwable throwable,
      List<String> secrets) {
    String safeMessage = mask(message == null ? "" : message, secrets);
    String stack = throwable == null ? null : mask(stackTrace(throwable), secrets);
    String ts = TIMESTAMP.format(time);
    return switch (format) {
      case TEXT -> text(ts, level, logger, safeMessage, stack);
      case JSON -> json(ts, level, logger, safeMessage, stack);
    };
  }

  /** The {@code key=value} pairs of a message, first occurrence of each key, in order. */
  static Map<String, String> fields(String message) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(message);
    while (m.find()) {
      String key = m.group(1);
      String value = trimPunctuation(m.group(2));
      if (!value.isEmpty() && !RESERVED.contains(key)) {
        fields.putIfAbsent(key, value);
      }
    }
    return fields;
  }

  private static String text(String ts, Level level, String logger, String msg, String stack) {
    StringBuilder line = new StringBuilder(ts.length() + logger.length() + msg.length() + 16);
    line.append(ts).append(" [").append(level).append("] ").append(logger).append(" - ");
    escape(line, msg);
    if (stack != null) {
      escape(line.append(' '), stack.stripTrailing());
    }
    return line.toString();
  }

  private static String json(String ts, Level level, String logger, String msg, String stack) {
    StringBuilder line = new StringBuilder(msg.length() * 2 + 96);
    line.append('{');
    string(line, "ts", ts).append(',');
    string(line, "level", level.toString()).append(',');
    string(line, "logger", logger).append(',');
    string(line, "msg", msg);
    for (Map.Entry<String, String> field : fields(msg).entrySet()) {
      line.append(',');
      if (INTEGER.matcher(field.getValue()).matches()) {
        quote(line, field.getKey()).append(':').append(field.getValue());
      } else {
        string(line, field.getKey(), field.getValue());
      }
    }
    if (stack != null) {
      line.append(',');
      string(line, "error", stack.stripTrailing());
    }
    return line.append('}').toString();
  }

  private static StringBuilder string(StringBuilder out, String key, String value) {
    quote(out, key).append(':');
    return quote(out, value);
  }

  private static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> escape(out, value, i);
      }
    }
    return out.append('"');
  }

  /** Appends {@code value} with every character that could break or hide a line escaped. */
  private static void escape(StringBuilder out, String value) {
    int first = 0;
    while (first < value.length() && plain(value.charAt(first))) {
      first++;
    }
    // Most messages are plain: copy them whole, and go character by character only from the
    // first one that may need an escape.
    out.append(value, 0, first);
    for (int i = first; i < value.length(); i++) {
      escape(out, value, i);
    }
  }

  /** A character that is never escaped, whatever surrounds it. */
  private static boolean plain(char c) {
    return c >= 0x20 && c < 0x7f;
  }

  private static void escape(StringBuilder out, String value, int index) {
    char c = value.charAt(index);
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> {
        if (c < 0x20
            || (c >= 0x7f && c <= 0x9f)
            || c == '\u2028'
            || c == '\u2029'
            || loneSurrogate(value, index)) {
          out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]);
          out.append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
        } else {
          out.append(c);
        }
      }
    }
  }

  /** A surrogate that is not half of a pair: UTF-8 cannot encode it, so it would print as ?. */
  private static boolean loneSurrogate(String value, int index) {
    char c = value.charAt(index);
    if (Character.isHighSurrogate(c)) {
      return index + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(index + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return index == 0 || !Character.isHighSurrogate(value.charAt(index - 1));
    }
    return false;
  }

  /** Sentence punctuation after a value ({@code correlation_id=c1: still running}). */
  private static String trimPunctuation(String value) {
    int end = value.length();
    while (end > 0 && ",;:)".indexOf(value.charAt(end - 1)) >= 0) {
      end--;
    }
    return value.substring(0, end);
  }

  private static String mask(String text, List<String> secrets) {
    String masked = text;
    for (String secret : secrets) {
      if (masked.contains(secret)) {
        masked = masked.replace(secret, MASK);
      }
    }
    return masked;
  }

  private static String stackTrace(Throwable throwable) {
    StringWriter trace = new StringWriter();
    throwable.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
