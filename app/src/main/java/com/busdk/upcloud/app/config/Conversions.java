package com.busdk.upcloud.app.config;

import com.busdk.upcloud.domain.container.SshTarget;
import com.busdk.upcloud.ports.LifecycleState;
import com.google.common.net.InetAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Raw text to typed values. Each throws IllegalArgumentException whose message states the problem
 * and quotes the value; {@link Inputs} prefixes the flag or variable it came from.
 */
final class Conversions {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern BYTES = Pattern.compile("(\\d{1,18})(?:([kKmMgG])(?:i?[bB])?)?");
  private static final Pattern SIZE = Pattern.compile("\\d+[kKmMgG%]?");

  private Conversions() {}

  static String text(String raw, boolean fromFlag) {
    if (raw.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return raw;
  }

  /** Empty means unset, so {@code --vm-name=} can clear a name set in the environment. */
  static String optionalText(String raw, boolean fromFlag) {
    return raw.isBlank() ? null : raw;
  }

  static Duration positiveDuration(String raw, boolean fromFlag) {
    Duration value = duration(raw, fromFlag);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("must be positive, got " + Quoted.of(raw));
    }
    return value;
  }

  static Duration nonNegativeDuration(String raw, boolean fromFlag) {
    Duration value = duration(raw, fromFlag);
    if (value.isNegative()) {
      throw new IllegalArgumentException("must not be negative, got " + Quoted.of(raw));
    }
    return value;
  }

  private static Duration duration(String raw, boolean fromFlag) {
    return fromFlag ? GoDuration.parse(raw.trim()) : GoDuration.parseEnv(raw.trim());
  }

  static Inputs.Conversion<Integer> integer(int min, int max, String what) {
    return (raw, fromFlag) -> {
      int value;
      try {
        value = Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid " + what + " " + Quoted.of(raw));
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "invalid " + what + " " + Quoted.of(raw) + " (allowed: " + range(min, max) + ")");
      }
      return value;
    };
  }

  private static String range(int min, int max) {
    return max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max;
  }

  /** An absolute http or https URL; empty means unset. */
  static URI optionalUrl(String raw, boolean fromFlag) {
    if (raw.isBlank()) {
      return null;
    }
    return url(raw, fromFlag);
  }

  static URI url(String raw, boolean fromFlag) {
    try {
      URI uri = new URI(raw.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below with the value, like every other malformed URL
    }
    throw new IllegalArgumentException(
        "invalid URL " + Quoted.of(raw) + " (expected http://host/... or https://host/...)");
  }

  /** Delivery group or consumer id: they end up in the stream URL's query. */
  static String identifier(String raw, boolean fromFlag) {
    if (!IDENTIFIER.matcher(raw).matches()) {
      throw new IllegalArgumentException(
          "invalid name " + Quoted.of(raw) + " (use letters, digits, '.', '_' and '-')");
    }
    return raw;
  }

  /** Replaces what {@link #identifier} would reject, for values the operator did not type. */
  static String sanitiseIdentifier(String raw, String fallback) {
    String cleaned = raw == null ? "" : raw.trim().replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty() ? fallback : cleaned;
  }

  static List<String> words(String raw, boolean fromFlag) {
    return Arrays.stream(raw.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
  }

  static List<String> nonEmptyWords(String raw, boolean fromFlag) {
    List<String> words = words(raw, fromFlag);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("needs at least one entry");
    }
    return words;
  }

  static List<String> commaList(String raw, boolean fromFlag) {
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static List<Path> paths(String raw, boolean fromFlag) {
    return words(raw, fromFlag).stream()
        .map(
            word -> {
              try {
                return Path.of(word);
              } catch (InvalidPathException e) {
                throw new IllegalArgumentException("invalid path " + Quoted.of(word));
              }
            })
        .toList();
  }

  static List<String> ipAddresses(String raw, boolean fromFlag) {
    List<String> addresses = commaList(raw, fromFlag);
    for (String address : addresses) {
      if (!InetAddresses.isInetAddress(address)) {
        throw new IllegalArgumentException("invalid IP address " + Quoted.of(address));
      }
    }
    return addresses;
  }

  static String optionalIpv4(String raw, boolean fromFlag) {
    if (raw.isBlank()) {
      return null;
    }
    if (!IPV4.matcher(raw.trim()).matches()) {
      throw new IllegalArgumentException("invalid IPv4 address " + Quoted.of(raw));
    }
    return raw.trim();
  }

  /** {@code [user@]host}; the runner is reached on the SSH port, so no other port is taken. */
  static SshTarget optionalSshTarget(String raw, boolean fromFlag) {
    if (raw.isBlank()) {
      return null;
    }
    SshTarget target = SshTarget.parse(raw);
    if (target.port() != SshTarget.DEFAULT_PORT) {
      throw new IllegalArgumentException(
          "port " + target.port() + " is not supported (runners are reached on port 22)");
    }
    return target;
  }

  /** Comma-separated lifecycle states; a misspelt one is an error, not a state never seen. */
  static Set<LifecycleState> lifecycleStates(String raw, boolean fromFlag) {
    Set<LifecycleState> states = EnumSet.noneOf(LifecycleState.class);
    for (String name : commaList(raw, fromFlag)) {
      states.add(
          Arrays.stream(LifecycleState.values())
              .filter(state -> state.wire().equalsIgnoreCase(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown lifecycle state "
                              + Quoted.of(name)
                              + " (known: "
                              + Arrays.stream(LifecycleState.values())
                                  .map(LifecycleState::wire)
                                  .collect(Collectors.joining(", "))
                              + ")")));
    }
    return states;
  }

  /** Podman tmpfs sizes: a number with an optional k, m, g or % suffix. */
  static String size(String raw, boolean fromFlag) {
    if (!SIZE.matcher(raw.trim()).matches()) {
      throw new IllegalArgumentException("invalid size " + Quoted.of(raw) + " (e.g. 512m or 1g)");
    }
    return raw.trim();
  }

  /** A byte count: a whole number with an optional KiB, MiB or GiB suffix (k, m, g). */
  static Inputs.Conversion<Long> bytes(long min, long max) {
    return (raw, fromFlag) -> {
      java.util.regex.Matcher m = BYTES.matcher(raw.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "invalid byte size " + Quoted.of(raw) + " (e.g. 1048576, 512k, 1m or 1g)");
      }
      long value;
      try {
        long unit =
            m.group(2) == null
                ? 1
                : switch (Character.toLowerCase(m.group(2).charAt(0))) {
                  case 'k' -> 1L << 10;
                  case 'm' -> 1L << 20;
                  default -> 1L << 30;
                };
        value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("byte size " + Quoted.of(raw) + " is too large");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "byte size " + Quoted.of(raw) + " is outside " + min + ".." + max);
      }
      return value;
    };
  }

  /** A directory path, or null when blank. */
  static Path optionalPath(String raw, boolean fromFlag) {
    return raw.isBlank() ? null : Path.of(raw.trim());
  }
}
