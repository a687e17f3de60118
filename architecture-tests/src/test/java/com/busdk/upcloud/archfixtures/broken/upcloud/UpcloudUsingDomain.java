package com.busdk.upcloud.archfixtures.broken.upcloud;

import com.busdk.upcloud.archfixtures.broken.domain.DomainUsingJackson;

/** Breaks "adapters never use domain". */
public final class UpcloudUsingDomain {
  public Object domain() {
    return new DomainUsingJackson();
  }
}
