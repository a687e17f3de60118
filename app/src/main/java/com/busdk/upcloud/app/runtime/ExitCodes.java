package com.busdk.upcloud.app.runtime;

/** Process exit codes; systemd's {@code Restart=on-failure} restarts 1 and 3. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int RUNTIME_FAILURE = 1;
  public static final int CONFIGURATION = 2;
  public static final int AUTH_REFUSED = 3;

  private ExitCodes() {}
}
