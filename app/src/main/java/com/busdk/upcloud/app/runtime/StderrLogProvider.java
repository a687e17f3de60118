package com.busdk.upcloud.app.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The worker's SLF4J binding: {@link StderrLogger}s writing text or JSON lines to stderr as {@link
 * Logging} configures. Selected with {@code -Dslf4j.provider} (set by {@link Logging}) and listed
 * in {@code META-INF/services} for the release jar, which carries no other binding.
 */
public final class StderrLogProvider implements SLF4JServiceProvider {
  /** The SLF4J API generation this provider is written against. */
  private static final String API_VERSION = "2.0.99";

  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, StderrLogger::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return API_VERSION;
  }

  @Override
  public void initialize() {
    // Nothing to set up: loggers read the current configuration on every call.
  }
}
