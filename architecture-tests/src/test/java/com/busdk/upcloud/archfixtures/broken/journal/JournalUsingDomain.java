package com.busdk.upcloud.archfixtures.broken.journal;

import com.busdk.upcloud.archfixtures.broken.domain.a.First;

/** Breaks "adapters never use domain". */
public final class JournalUsingDomain {
  public Object domain() {
    return new First();
  }
}
