package com.busdk.upcloud.domain.container;

import java.util.Locale;

/**
 * How runner bootstrap picks the interface netplan configures. Matching the MAC address of the
 * discovered NIC is the one production-safe mode, so it is the only one; the enum is used from the
 * option to the ssh-runner request so that no other spelling can travel.
 */
public enum NetplanMode {
  MAC_MATCH;

  /** The spelling on the command line, in the environment and in the ssh-runner request. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return wire();
  }
}
