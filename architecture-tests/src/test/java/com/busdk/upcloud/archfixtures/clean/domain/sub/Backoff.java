package com.busdk.upcloud.archfixtures.clean.domain.sub;

import java.time.Duration;

public final class Backoff {
  public Duration next(Duration previous) {
    return previous.multipliedBy(2);
  }
}
