package com.busdk.upcloud.app.cli;

import static com.busdk.upcloud.app.cli.CheckResult.ok;
import static com.busdk.upcloud.app.cli.CheckResult.warn;

/** The runbook's convention: every service env file names the same BusDK release. */
final class ReleaseCheck {
  private ReleaseCheck() {}

  static CheckResult check(String built, String configured) {
    if (configured == null || configured.isBlank()) {
      return ok("release", "built from " + built + "; BUSDK_RELEASE is not set");
    }
    String wanted = configured.strip();
    if (wanted.equals(built)) {
      return ok("release", "built from " + built + ", matching BUSDK_RELEASE");
    }
    if (built.equals("dev")) {
      return warn("release", "development build; BUSDK_RELEASE says " + wanted);
    }
    return warn(
        "release",
        "built from " + built + " but BUSDK_RELEASE is " + wanted + ": deploy one release set");
  }
}
