package com.busdk.upcloud.archfixtures.broken.events;

/** Stands in for the events adapter's concrete bus. */
public final class HttpEventBus {
  public void replay() {}
}
