package com.busdk.upcloud.archfixtures.clean.app.runtime;

/** A long-running part the runtime starts and stops. */
public interface Service {
  void start();

  void stop();
}
