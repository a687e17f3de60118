package com.busdk.upcloud.archfixtures.broken.testkit;

import com.busdk.upcloud.archfixtures.broken.domain.DomainUsingJackson;

/** Breaks "testkit never uses app, domain or adapters". */
public final class TestkitUsingDomain {
  public Object domain() {
    return new DomainUsingJackson();
  }
}
