package com.busdk.upcloud.app.config;

/** What one run of the program does; chosen by the mode flags, listener mode when none is given. */
public enum WorkerMode {
  /** {@code --help}: print the usage text. */
  HELP,
  /** {@code --version}: print the version. */
  VERSION,
  /** {@code --events}: print the event names the configured listeners consume and publish. */
  EVENTS,
  /** {@code --self-test}: in-memory check, no network and no credentials. */
  SELF_TEST,
  /** {@code --check-vm-status}: print one VM status response through the provider. */
  CHECK_VM_STATUS,
  /** {@code --check-config}: validate the configuration. */
  CHECK_CONFIG,
  /** {@code --local}: serve requests from an embedded in-memory Events API. */
  LOCAL,
  /** The default: long-running worker on the Bus Events API. */
  LISTENER;

  /** True for the modes that run the request listeners (and so honour {@code --once}). */
  public boolean runsListeners() {
    return this == LISTENER || this == LOCAL;
  }
}
