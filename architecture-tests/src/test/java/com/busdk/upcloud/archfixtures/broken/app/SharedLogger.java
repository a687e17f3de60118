package com.busdk.upcloud.archfixtures.broken.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Breaks "loggers are private static final": this one is public. */
public final class SharedLogger {
  public static final Logger LOG = LoggerFactory.getLogger(SharedLogger.class);
}
