package com.busdk.upcloud.archfixtures.broken.ssh;

import com.busdk.upcloud.archfixtures.broken.events.EventsUsingJsch;

/** Breaks "adapters never use each other". */
public final class SshUsingEvents {
  public Object events() {
    return new EventsUsingJsch();
  }
}
