package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One option declared once: its flag and environment variable, default, help text (all in {@link
 * #def}) and the conversion that reads and validates its value. Help, parsing and the section
 * loaders all work from these declarations.
 *
 * @param def names, default and help text
 * @param conversion reads a raw value; for booleans null, since they follow their own lenient rule
 * @param <T> the type of the option's value
 */
record Option<T>(OptionDef def, Inputs.Conversion<T> conversion) {

  Option {
    requireNonNull(def, "def is null");
    if (conversion == null && !def.label().equals("bool")) {
      throw new IllegalArgumentException(def.displayName() + " has no conversion");
    }
  }

  /** A mode switch such as {@code --self-test}: a bare flag, no variable, off by default. */
  static Option<Boolean> mode(String flag, String summary) {
    return new Option<>(
        new OptionDef(List.of(flag), null, HelpSection.MODES, true, "bool", null, null, summary),
        null);
  }

  /** A boolean with a flag, a variable and a default. */
  static Option<Boolean> toggle(
      HelpSection section, String flag, String env, String defaultValue, String summary) {
    return new Option<>(
        new OptionDef(List.of(flag), env, section, true, "bool", defaultValue, null, summary),
        null);
  }

  /** A boolean read only from the environment. */
  static Option<Boolean> envToggle(
      HelpSection section, String env, String defaultValue, String summary) {
    return new Option<>(
        new OptionDef(List.of(), env, section, false, "bool", defaultValue, null, summary), null);
  }

  /**
   * A value with a flag and a variable, or (with a null flag) read only from the environment, as
   * tokens and listener tuning are; {@code defaultValue} is parsed like the variable.
   */
  static <T> Option<T> value(
      HelpSection section,
      String flag,
      String env,
      String label,
      String defaultValue,
      Inputs.Conversion<T> conversion,
      String summary) {
    List<String> flags = flag == null ? List.of() : List.of(flag);
    return new Option<>(
        new OptionDef(flags, env, section, false, label, defaultValue, null, summary), conversion);
  }

  /** The same option with a default that is computed when the value is read, described in help. */
  Option<T> computedDefault(String note) {
    return new Option<>(
        new OptionDef(
            def.names(),
            def.env(),
            def.section(),
            def.switchFlag(),
            def.label(),
            def.defaultValue(),
            note,
            def.summary()),
        conversion);
  }

  /** Whether the option is a boolean, read with the lenient boolean rule. */
  boolean isBoolean() {
    return conversion == null;
  }
}
