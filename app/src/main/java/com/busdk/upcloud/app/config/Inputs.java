package com.busdk.upcloud.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves each option from flag, then environment, then default, and converts it, naming the
 * source of a bad value. An empty environment value counts as unset, as with Go's os.Getenv; an
 * empty flag value is a value.
 *
 * <p>In lenient mode (used for {@code --help} and {@code --version}, which must work whatever the
 * environment holds) a bad value becomes a warning and the default is used.
 */
final class Inputs {
  /** Turns a raw value into a typed one or throws IllegalArgumentException with the problem. */
  @FunctionalInterface
  interface Conversion<T> {
    T convert(String raw, boolean fromFlag);
  }

  /** A value found in a flag or the environment, with the name to report it under. */
  record Given(String value, String source, boolean fromFlag) {}

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final boolean lenient;
  private final List<String> warnings = new ArrayList<>();

  Inputs(Map<String, String> flags, Map<String, String> env, boolean lenient) {
    this.flags = Map.copyOf(flags);
    this.env = env;
    this.lenient = lenient;
  }

  /** A raw environment value that is no option of its own ({@code CREDENTIALS_DIRECTORY}). */
  String environment(String name) {
    return env.get(name);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  Optional<Given> given(OptionDef def) {
    if (def.hasFlag() && flags.containsKey(def.flag())) {
      return Optional.of(new Given(flags.get(def.flag()), def.flag(), true));
    }
    if (def.env() != null) {
      String value = env.get(def.env());
      if (value != null && !value.isEmpty()) {
        return Optional.of(new Given(value, def.env(), false));
      }
    }
    return Optional.empty();
  }

  /** The option's value, or its default, or null when there is neither. */
  <T> T value(Option<T> option) {
    if (option.isBoolean()) {
      throw new IllegalArgumentException(option.def().displayName() + " is a boolean");
    }
    return get(option.def(), option.conversion());
  }

  /** A boolean option's value under the lenient boolean rule of {@link #bool(OptionDef)}. */
  boolean bool(Option<Boolean> option) {
    return bool(option.def());
  }

  /** The converted value, or the converted default, or null when there is neither. */
  <T> T get(OptionDef def, Conversion<T> conversion) {
    Optional<Given> given = given(def);
    if (given.isEmpty()) {
      return fallback(def, conversion);
    }
    try {
      return conversion.convert(given.get().value(), given.get().fromFlag());
    } catch (IllegalArgumentException e) {
      return reject(given.get().source() + ": " + e.getMessage(), def, conversion);
    }
  }

  /**
   * Booleans are the one kind where a bad environment value is tolerated: it falls back to the
   * default with a warning, as the option reference specifies.
   */
  boolean bool(OptionDef def) {
    boolean fallback = def.defaultValue() != null && Booleans.parse(def.defaultValue());
    Optional<Given> given = given(def);
    if (given.isEmpty()) {
      return fallback;
    }
    Optional<Boolean> parsed = Booleans.tryParse(given.get().value());
    if (parsed.isPresent()) {
      return parsed.get();
    }
    String problem = given.get().source() + ": invalid boolean " + Quoted.of(given.get().value());
    if (given.get().fromFlag() && !lenient) {
      throw new ConfigException(problem + " (accepted: 1, true, yes, on, 0, false, no, off)");
    }
    warnings.add(problem + ", using the default " + fallback);
    return fallback;
  }

  /** Reports a cross-field problem; tolerated like any other bad value in lenient mode. */
  void fail(String message) {
    if (!lenient) {
      throw new ConfigException(message);
    }
    warnings.add(message);
  }

  /** Name under which a value is reported: the flag or variable it came from. */
  String source(OptionDef def) {
    return given(def).map(Given::source).orElse(def.displayName());
  }

  private <T> T reject(String message, OptionDef def, Conversion<T> conversion) {
    if (!lenient) {
      throw new ConfigException(message);
    }
    warnings.add(message + ", using the default");
    return fallback(def, conversion);
  }

  private static <T> T fallback(OptionDef def, Conversion<T> conversion) {
    return def.defaultValue() == null ? null : conversion.convert(def.defaultValue(), false);
  }
}
