package com.busdk.upcloud.app.config;

/**
 * A usage or configuration error. The message is one line that names the offending option (flag or
 * environment variable) and its value; the CLI prints it and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(oneLine(message), null, false, false);
  }

  private static String oneLine(String message) {
    if (message == null) {
      throw new NullPointerException("message is null");
    }
    return message.replace('\r', ' ').replace('\n', ' ');
  }
}
