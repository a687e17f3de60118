package com.busdk.upcloud.archfixtures.broken.events;

import com.jcraft.jsch.JSch;

/** Breaks "the events adapter uses only ports and its own libraries": JSch is the ssh adapter's. */
public final class EventsUsingJsch {
  public JSch ssh() {
    return new JSch();
  }
}
