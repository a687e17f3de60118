package com.busdk.upcloud.app.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a token in one of its three places: the environment variable ({@code BUS_API_TOKEN}), a
 * file named by its {@code *_FILE} variable, or a systemd credential ({@code
 * $CREDENTIALS_DIRECTORY/<name>}, from {@code LoadCredential=}). Given in more than one place, it
 * is a configuration error: which one wins would be a guess.
 */
final class SecretSources {
  /** Set by systemd for a unit with {@code LoadCredential=}; a directory with one file each. */
  static final String CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";

  private SecretSources() {}

  /** The secret, or null when none of the three places has it. */
  static Secret resolve(Inputs in, OptionDef value, OptionDef file, String credential) {
    Optional<Inputs.Given> direct = in.given(value);
    Optional<Inputs.Given> named = in.given(file);
    Optional<Path> loaded = credentialFile(in, credential);
    List<String> places = new ArrayList<>();
    direct.ifPresent(g -> places.add(value.env()));
    named.ifPresent(g -> places.add(file.env()));
    loaded.ifPresent(p -> places.add("the systemd credential " + credential + " (" + p + ")"));
    if (places.size() > 1) {
      in.fail(
          value.env()
              + " is given more than once: "
              + String.join(" and ", places)
              + "; set it in one place only");
    }
    if (direct.isPresent()) {
      String raw = direct.get().value().trim();
      return raw.isEmpty() ? null : Secret.fromEnvironment(value.env(), raw);
    }
    if (named.isPresent()) {
      Path path;
      try {
        path = Path.of(named.get().value().trim());
      } catch (InvalidPathException e) {
        in.fail(file.env() + ": not a file path");
        return null;
      }
      return read(in, file.env(), path, content -> Secret.fromFile(file.env(), path, content));
    }
    if (loaded.isPresent()) {
      Path path = loaded.get();
      return read(
          in,
          "systemd credential " + credential,
          path,
          content -> Secret.fromCredential(credential, path, content));
    }
    return null;
  }

  private static Secret read(
      Inputs in, String what, Path path, java.util.function.Function<String, Secret> secret) {
    try {
      return secret.apply(SecretFiles.read(path));
    } catch (IllegalArgumentException e) {
      in.fail(what + ": " + e.getMessage());
      return null;
    }
  }

  private static Optional<Path> credentialFile(Inputs in, String credential) {
    String directory = in.environment(CREDENTIALS_DIRECTORY);
    if (directory == null || directory.isBlank()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(directory.trim()).resolve(credential);
      return Files.exists(path) ? Optional.of(path) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
