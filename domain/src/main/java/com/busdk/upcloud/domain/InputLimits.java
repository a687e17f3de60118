package com.busdk.upcloud.domain;

import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.WorkerException;
import java.util.Collection;
import java.util.Map;

/**
 * Size limits of every field a request may carry, in UTF-8 bytes. A value over its limit is a
 * {@code bad_request} that names the field and the limit and echoes at most a short, escaped prefix
 * of the value, so neither answers nor logs ever carry a hostile value whole.
 *
 * @param correlationIdBytes the correlation id of a request
 * @param identityBytes the requester identity
 * @param runIdBytes a container run id
 * @param imageBytes a container image reference
 * @param profileBytes a run profile name
 * @param commandEntries entries of {@code command}/{@code args}
 * @param commandBytes all entries of {@code command}/{@code args} together
 * @param envEntries entries of {@code env}
 * @param envBytes names and values of {@code env} together
 * @param workdirBytes the container working directory
 * @param maxTimeoutSeconds the largest {@code timeout_seconds} a request may ask for
 */
public record InputLimits(
    int correlationIdBytes,
    int identityBytes,
    int runIdBytes,
    int imageBytes,
    int profileBytes,
    int commandEntries,
    int commandBytes,
    int envEntries,
    int envBytes,
    int workdirBytes,
    long maxTimeoutSeconds) {

  /** How much of an over-long value an error message shows. */
  static final int ECHO_CHARS = 16;

  public InputLimits {
    if (correlationIdBytes < 1
        || identityBytes < 1
        || runIdBytes < 1
        || imageBytes < 1
        || profileBytes < 1
        || commandEntries < 1
        || commandBytes < 1
        || envEntries < 1
        || envBytes < 1
        || workdirBytes < 1
        || maxTimeoutSeconds < 1) {
      throw new IllegalArgumentException("input limits must be positive");
    }
  }

  /** The limits documented in the README's "Reliability" section. */
  public static InputLimits defaults() {
    return new InputLimits(1024, 256, 128, 512, 64, 256, 64 * 1024, 128, 64 * 1024, 256, 86_400);
  }

  /** Fails with {@code bad_request} when {@code value} is longer than {@code limit} bytes. */
  public static void requireAtMost(String field, String value, int limit) {
    if (value != null && utf8Length(value, limit) > limit) {
      throw new WorkerException(
          ErrorType.BAD_REQUEST,
          field + ": longer than " + limit + " bytes (starts with " + prefix(value) + ")");
    }
  }

  /** Fails with {@code bad_request} when a list has too many entries or too many bytes. */
  public static void requireList(
      String field, Collection<String> values, int maxEntries, int maxBytes) {
    if (values.size() > maxEntries) {
      throw new WorkerException(
          ErrorType.BAD_REQUEST,
          field + ": more than " + maxEntries + " entries (" + values.size() + ")");
    }
    long total = 0;
    for (String v : values) {
      total += v == null ? 0 : utf8Length(v, maxBytes);
      if (total > maxBytes) {
        throw new WorkerException(
            ErrorType.BAD_REQUEST, field + ": longer than " + maxBytes + " bytes in all");
      }
    }
  }

  /** Fails with {@code bad_request} when a map has too many entries or too many bytes. */
  public static void requireMap(
      String field, Map<String, String> values, int maxEntries, int maxBytes) {
    if (values.size() > maxEntries) {
      throw new WorkerException(
          ErrorType.BAD_REQUEST,
          field + ": more than " + maxEntries + " entries (" + values.size() + ")");
    }
    long total = 0;
    for (Map.Entry<String, String> e : values.entrySet()) {
      total += utf8Length(e.getKey(), maxBytes);
      total += e.getValue() == null ? 0 : utf8Length(e.getValue(), maxBytes);
      if (total > maxBytes) {
        throw new WorkerException(
            ErrorType.BAD_REQUEST, field + ": longer than " + maxBytes + " bytes in all");
      }
    }
  }

  /**
   * A short, quoted, escaped start of an outside value for messages: at most {@value ECHO_CHARS}
   * characters, control and non-ASCII characters as {@code \\uXXXX}.
   */
  public static String prefix(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int n = Math.min(value.length(), ECHO_CHARS);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (value.length() > n) {
      out.append("…");
    }
    return out.toString();
  }

  /** UTF-8 length of {@code s}, counting no further than just past {@code stopAfter}. */
  static long utf8Length(String s, long stopAfter) {
    if (s.length() > stopAfter) {
      return stopAfter + 1;
    }
    long bytes = 0;
    for (int i = 0; i < s.length() && bytes <= stopAfter; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
