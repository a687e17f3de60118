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
 * <p>{@link #defaults()} gives the documented limits; {@link #builder()} changes some of them by
 * name.
 */
public final class InputLimits {
  /** How much of an over-long value an error message shows. */
  static final int ECHO_CHARS = 16;

  private final int correlationIdBytes;
  private final int identityBytes;
  private final int runIdBytes;
  private final int imageBytes;
  private final int profileBytes;
  private final int commandEntries;
  private final int commandBytes;
  private final int envEntries;
  private final int envBytes;
  private final int workdirBytes;
  private final long maxTimeoutSeconds;

  private InputLimits(Builder b) {
    correlationIdBytes = positive(b.correlationIdBytes);
    identityBytes = positive(b.identityBytes);
    runIdBytes = positive(b.runIdBytes);
    imageBytes = positive(b.imageBytes);
    profileBytes = positive(b.profileBytes);
    commandEntries = positive(b.commandEntries);
    commandBytes = positive(b.commandBytes);
    envEntries = positive(b.envEntries);
    envBytes = positive(b.envBytes);
    workdirBytes = positive(b.workdirBytes);
    maxTimeoutSeconds = b.maxTimeoutSeconds;
    if (maxTimeoutSeconds < 1) {
      throw new IllegalArgumentException("input limits must be positive");
    }
  }

  /** The limits documented in the README's "Reliability" section. */
  public static InputLimits defaults() {
    return builder().build();
  }

  /** The documented limits, to change some of them by name. */
  public static Builder builder() {
    return new Builder();
  }

  /** The correlation id of a request. */
  public int correlationIdBytes() {
    return correlationIdBytes;
  }

  /** The requester identity. */
  public int identityBytes() {
    return identityBytes;
  }

  /** A container run id. */
  public int runIdBytes() {
    return runIdBytes;
  }

  /** A container image reference. */
  public int imageBytes() {
    return imageBytes;
  }

  /** A run profile name. */
  public int profileBytes() {
    return profileBytes;
  }

  /** Entries of {@code command}/{@code args}. */
  public int commandEntries() {
    return commandEntries;
  }

  /** All entries of {@code command}/{@code args} together. */
  public int commandBytes() {
    return commandBytes;
  }

  /** Entries of {@code env}. */
  public int envEntries() {
    return envEntries;
  }

  /** Names and values of {@code env} together. */
  public int envBytes() {
    return envBytes;
  }

  /** The container working directory. */
  public int workdirBytes() {
    return workdirBytes;
  }

  /** The largest {@code timeout_seconds} a request may ask for. */
  public long maxTimeoutSeconds() {
    return maxTimeoutSeconds;
  }

  private static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("input limits must be positive");
    }
    return limit;
  }

  /** Collects limits by name, starting from the documented ones. */
  public static final class Builder {
    private int correlationIdBytes = 1024;
    private int identityBytes = 256;
    private int runIdBytes = 128;
    private int imageBytes = 512;
    private int profileBytes = 64;
    private int commandEntries = 256;
    private int commandBytes = 64 * 1024;
    private int envEntries = 128;
    private int envBytes = 64 * 1024;
    private int workdirBytes = 256;
    private long maxTimeoutSeconds = 86_400;

    private Builder() {}

    public Builder correlationIdBytes(int value) {
      correlationIdBytes = value;
      return this;
    }

    public Builder identityBytes(int value) {
      identityBytes = value;
      return this;
    }

    public Builder runIdBytes(int value) {
      runIdBytes = value;
      return this;
    }

    public Builder imageBytes(int value) {
      imageBytes = value;
      return this;
    }

    public Builder profileBytes(int value) {
      profileBytes = value;
      return this;
    }

    /** Entry and byte bounds of {@code command}/{@code args}. */
    public Builder command(int entries, int bytes) {
      commandEntries = entries;
      commandBytes = bytes;
      return this;
    }

    /** Entry and byte bounds of {@code env}. */
    public Builder env(int entries, int bytes) {
      envEntries = entries;
      envBytes = bytes;
      return this;
    }

    public Builder workdirBytes(int value) {
      workdirBytes = value;
      return this;
    }

    public Builder maxTimeoutSeconds(long value) {
      maxTimeoutSeconds = value;
      return this;
    }

    public InputLimits build() {
      return new InputLimits(this);
    }
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
