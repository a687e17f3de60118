package com.busdk.upcloud.archfixtures.clean.app.wiring;

import com.busdk.upcloud.archfixtures.clean.app.runtime.RotatingToken;
import com.busdk.upcloud.archfixtures.clean.app.runtime.Service;

/** The token's refresh as a service: started and stopped by the runtime. */
final class TokenService implements Service {
  private final RotatingToken token;

  TokenService(RotatingToken token) {
    this.token = token;
  }

  @Override
  public void start() {
    token.start();
  }

  @Override
  public void stop() {
    token.close();
  }
}
