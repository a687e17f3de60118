package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.LogLevel;
import com.busdk.upcloud.app.config.OutputFormat;
import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Log set-up: lines on stderr in the format and from the level the settings choose, through {@link
 * StderrLogProvider}. The provider reads the set-up on every call, so configuring after the first
 * logger exists still takes effect (and tests can switch formats within one JVM).
 */
public final class Logging {
  /** The SLF4J 2 property that names the provider explicitly, so no other binding is picked. */
  static final String PROVIDER_PROPERTY = "slf4j.provider";

  /** SLF4J reports at info level which provider it loaded; operators need only its warnings. */
  static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  /** Shorter values are not treated as secrets: masking them would garble ordinary words. */
  private static final int MIN_SECRET_LENGTH = 8;

  /** Forms kept by {@link #maskAlso}: enough for the tokens of many rotations. */
  private static final int MAX_MASKED = 64;

  private static volatile LogSetup setup = LogSetup.DEFAULT;

  private Logging() {}

  /** Configures format and level, and masks the Bus API and UpCloud tokens should any leak. */
  public static void configure(Settings settings) {
    requireNonNull(settings, "settings is null");
    configure(settings.worker(), settings.events().apiToken(), settings.upcloud().token());
  }

  /** Configures format and level, and masks {@code secrets} (null entries are ignored). */
  public static synchronized void configure(WorkerConfig worker, Secret... secrets) {
    requireNonNull(worker, "worker is null");
    if (System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, StderrLogProvider.class.getName());
    }
    if (System.getProperty(VERBOSITY_PROPERTY) == null) {
      System.setProperty(VERBOSITY_PROPERTY, "WARN");
    }
    List<String> masked = new ArrayList<>();
    Stream.of(secrets)
        .filter(Objects::nonNull)
        .map(Secret::reveal)
        .forEach(value -> masked.addAll(secretForms(value)));
    setup = new LogSetup(worker.logs().format(), worker.logs().level(), masked);
  }

  /**
   * Masks {@code secret} too: a token re-read from its file after a rotation. The most recent
   * secrets are kept; the oldest give way first.
   */
  public static synchronized void maskAlso(Secret secret) {
    requireNonNull(secret, "secret is null");
    LogSetup current = setup;
    List<String> masked = new ArrayList<>(current.secrets());
    for (String form : secretForms(secret.reveal())) {
      if (!masked.contains(form)) {
        masked.add(form);
      }
    }
    while (masked.size() > MAX_MASKED) {
      masked.remove(0);
    }
    setup = new LogSetup(current.format(), current.level(), masked);
  }

  static LogSetup setup() {
    return setup;
  }

  /**
   * The value itself and, for a JWT, its signature alone: the signature is what makes the token
   * usable, and it must not leak even when someone logs only a part of the token.
   */
  private static List<String> secretForms(String value) {
    List<String> forms = new ArrayList<>();
    if (value.length() >= MIN_SECRET_LENGTH) {
      forms.add(value);
    }
    String[] parts = value.split("\\.", -1);
    if (parts.length == 3 && parts[2].length() >= MIN_SECRET_LENGTH) {
      forms.add(parts[2]);
    }
    return forms;
  }

  /**
   * What the provider needs for each line.
   *
   * @param format text or JSON lines
   * @param level lowest logged level
   * @param secrets values replaced by {@code ***} wherever they would appear
   */
  record LogSetup(OutputFormat format, LogLevel level, List<String> secrets) {
    static final LogSetup DEFAULT = new LogSetup(OutputFormat.TEXT, LogLevel.INFO, List.of());

    LogSetup {
      requireNonNull(format, "format is null");
      requireNonNull(level, "level is null");
      secrets = List.copyOf(requireNonNull(secrets, "secrets is null"));
    }
  }
}
