package com.busdk.upcloud.archfixtures.broken.domain;

import com.busdk.upcloud.archfixtures.broken.upcloud.UpcloudUsingDomain;

/** With {@link UpcloudUsingDomain}, closes a cycle between the domain and upcloud modules. */
public final class DomainUsingAdapter {
  public Object adapter() {
    return new UpcloudUsingDomain();
  }
}
