package com.busdk.upcloud.archfixtures.broken.app;

import com.busdk.upcloud.archfixtures.broken.app.health.HealthServer;
import com.busdk.upcloud.archfixtures.broken.app.runtime.RotatingToken;

/** Breaks "started only by services": starts long-running parts that no stop sequence knows. */
public final class StartsByHand {
  public RotatingToken startToken(RotatingToken token) {
    return token.start();
  }

  public int startHealth(HealthServer health) {
    return health.start();
  }
}
