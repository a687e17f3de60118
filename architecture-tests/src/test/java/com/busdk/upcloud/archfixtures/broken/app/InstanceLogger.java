package com.busdk.upcloud.archfixtures.broken.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Breaks "loggers are private static final": this one is per instance. */
public final class InstanceLogger {
  private final Logger log = LoggerFactory.getLogger(InstanceLogger.class);

  public void hello() {
    log.info("hello");
  }
}
