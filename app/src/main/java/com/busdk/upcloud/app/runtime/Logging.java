package com.busdk.upcloud.app.runtime;

import com.busdk.upcloud.app.config.WorkerConfig;

/**
 * Configures the SLF4J simple backend before the first logger exists: stderr, ISO timestamps, the
 * chosen level. It must run before any {@code LoggerFactory} call, so it touches no logger itself.
 */
public final class Logging {
  private Logging() {}

  public static void configure(WorkerConfig worker) {
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent(
        "org.slf4j.simpleLogger.defaultLogLevel",
        worker.logLevel().toString().toLowerCase(java.util.Locale.ROOT));
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.sshd", "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
