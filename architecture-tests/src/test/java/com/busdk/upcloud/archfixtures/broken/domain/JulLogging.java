package com.busdk.upcloud.archfixtures.broken.domain;

import java.util.logging.Logger;

/** Breaks "no java.util.logging". */
public final class JulLogging {
  private static final Logger LOG = Logger.getLogger(JulLogging.class.getName());

  public void log() {
    LOG.info("hello");
  }
}
