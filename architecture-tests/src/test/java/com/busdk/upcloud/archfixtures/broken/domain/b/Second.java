package com.busdk.upcloud.archfixtures.broken.domain.b;

import com.busdk.upcloud.archfixtures.broken.domain.a.First;

/** With {@link First}, a cycle between two domain packages. */
public final class Second {
  public First back() {
    return new First();
  }
}
