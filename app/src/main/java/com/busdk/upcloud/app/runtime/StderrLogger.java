package com.busdk.upcloud.app.runtime;

import com.busdk.upcloud.app.config.LogLevel;
import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger: formats each event with {@link LogLines} and writes it to stderr whole. */
final class StderrLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  /** Libraries whose info and debug output is noise for an operator. */
  private static final String QUIET_PREFIX = "org.apache.sshd";

  private static final Object WRITE_LOCK = new Object();

  StderrLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    Logging.LogSetup setup = Logging.setup();
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    String line =
        LogLines.format(
            setup.format(),
            OffsetDateTime.now(ZoneId.systemDefault()),
            level,
            name,
            message,
            throwable,
            setup.secrets());
    synchronized (WRITE_LOCK) {
      // Looked up per line, not cached, so that a redirected System.err is honoured.
      PrintStream err = System.err;
      err.println(line);
      err.flush();
    }
  }

  private boolean enabled(Level level) {
    int threshold = toSlf4j(Logging.setup().level()).toInt();
    if (name.startsWith(QUIET_PREFIX)) {
      threshold = Math.max(threshold, Level.WARN.toInt());
    }
    return level.toInt() >= threshold;
  }

  private static Level toSlf4j(LogLevel level) {
    return switch (level) {
      case TRACE -> Level.TRACE;
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
    };
  }
}
