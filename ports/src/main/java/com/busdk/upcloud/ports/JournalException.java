package com.busdk.upcloud.ports;

/**
 * The run journal cannot be opened, read or written (corrupt, locked, unwritable, full). At start
 * this is a configuration or runtime error; while answering it fails the request, never silently.
 */
public class JournalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean configuration;

  public JournalException(String message, boolean configuration, Throwable cause) {
    super(message, cause);
    this.configuration = configuration;
  }

  /** True when an operator must fix the configuration (path, permissions), not a transient. */
  public boolean isConfiguration() {
    return configuration;
  }
}
