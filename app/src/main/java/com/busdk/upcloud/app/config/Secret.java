package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential, with where it came from: an environment variable, a file named by a {@code *_FILE}
 * variable, or a systemd credential. It prints as {@code ***} so that a config record holding it
 * can be logged; only {@link #reveal()} hands out the value, for the adapter that sends it. A
 * secret from a file can be read again ({@link #file()}) when it is rotated.
 */
public final class Secret {
  /** Where a secret came from. */
  public enum Kind {
    ENVIRONMENT,
    FILE,
    CREDENTIAL
  }

  private final String value;
  private final Kind kind;
  private final String name;
  private final Path file;

  private Secret(String value, Kind kind, String name, Path file) {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("secret is blank");
    }
    this.value = value;
    this.kind = requireNonNull(kind, "kind is null");
    this.name = name;
    this.file = file;
  }

  /** A secret given directly, with no name to report it under. */
  public static Secret of(String value) {
    return new Secret(value, Kind.ENVIRONMENT, null, null);
  }

  /** The value of environment variable {@code variable}. */
  public static Secret fromEnvironment(String variable, String value) {
    return new Secret(value, Kind.ENVIRONMENT, requireNonNull(variable, "variable is null"), null);
  }

  /** The content of {@code file}, named by environment variable {@code variable}. */
  public static Secret fromFile(String variable, Path file, String value) {
    return new Secret(
        value,
        Kind.FILE,
        requireNonNull(variable, "variable is null"),
        requireNonNull(file, "file is null"));
  }

  /** The systemd credential {@code credential}, read from {@code file}. */
  public static Secret fromCredential(String credential, Path file, String value) {
    return new Secret(
        value,
        Kind.CREDENTIAL,
        requireNonNull(credential, "credential is null"),
        requireNonNull(file, "file is null"));
  }

  /** The same origin with a new value: the file was read again. */
  public Secret withValue(String newValue) {
    return new Secret(newValue, kind, name, file);
  }

  public String reveal() {
    return value;
  }

  public Kind kind() {
    return kind;
  }

  /** The file the secret was read from; empty for an environment value. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Where the secret came from, for an operator; never the value. */
  public String source() {
    return switch (kind) {
      case ENVIRONMENT -> name == null ? "given directly" : "environment variable " + name;
      case FILE -> "file " + file + " (" + name + ")";
      case CREDENTIAL -> "systemd credential " + name + " (" + file + ")";
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret
        && secret.value.equals(value)
        && secret.kind == kind
        && Objects.equals(secret.file, file);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
