package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One configurable value: its flag names (none for environment-only values), its environment
 * variable, its default as the text an operator would type, and its help text.
 *
 * @param names flag names, the first is the canonical one; empty for environment-only values
 * @param env environment variable; null for flags that have none
 * @param section help section
 * @param switchFlag a boolean flag usable bare ({@code --once}) or with a value
 * @param label value placeholder in help
 * @param defaultValue default in option syntax, parsed like an environment value; null for none
 * @param defaultNote help text for a default that is computed rather than fixed; null for none
 * @param summary what the option does
 */
record OptionDef(
    List<String> names,
    String env,
    HelpSection section,
    boolean switchFlag,
    String label,
    String defaultValue,
    String defaultNote,
    String summary) {

  OptionDef {
    names = List.copyOf(requireNonNull(names, "names is null"));
    requireNonNull(section, "section is null");
    requireNonNull(label, "label is null");
    requireNonNull(summary, "summary is null");
    if (names.isEmpty() && env == null) {
      throw new IllegalArgumentException("option has neither a flag nor an environment variable");
    }
  }

  boolean hasFlag() {
    return !names.isEmpty();
  }

  String flag() {
    return names.get(0);
  }

  /** How an error refers to the option when no value source is known. */
  String displayName() {
    return hasFlag() ? flag() : env;
  }

  /** The help description: summary, then environment variable and default. */
  String helpText() {
    StringBuilder text = new StringBuilder(summary);
    if (env != null) {
      text.append(" Env: ").append(env).append('.');
    }
    if (defaultNote != null) {
      text.append(" Default: ").append(defaultNote).append('.');
    } else if (defaultValue != null) {
      text.append(" Default: ").append(defaultValue).append('.');
    }
    return text.toString();
  }
}
