package com.busdk.upcloud.archfixtures.broken.app;

import com.busdk.upcloud.archfixtures.broken.testkit.TestkitUsingDomain;

/** Breaks "app main code never uses testkit". */
public final class AppUsingTestkit {
  public Object fake() {
    return new TestkitUsingDomain();
  }
}
