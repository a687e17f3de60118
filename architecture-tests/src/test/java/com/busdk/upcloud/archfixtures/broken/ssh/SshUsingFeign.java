package com.busdk.upcloud.archfixtures.broken.ssh;

import feign.Request;

/** Breaks "the ssh adapter uses only ports and its own libraries": Feign is not one of them. */
public final class SshUsingFeign {
  public Object method() {
    return Request.HttpMethod.GET;
  }
}
