package com.busdk.upcloud.archfixtures.broken.domain.a;

import com.busdk.upcloud.archfixtures.broken.domain.b.Second;

/** With {@link Second}, a cycle between two domain packages. */
public final class First {
  public Second next() {
    return new Second();
  }
}
