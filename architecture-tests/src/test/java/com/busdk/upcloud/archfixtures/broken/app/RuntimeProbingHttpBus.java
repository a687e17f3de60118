package com.busdk.upcloud.archfixtures.broken.app;

import com.busdk.upcloud.archfixtures.broken.events.HttpEventBus;

/** Breaks "concrete events adapter only in wiring": the runtime asks for the HTTP bus. */
public final class RuntimeProbingHttpBus {
  public void catchUp(Object bus) {
    if (bus instanceof HttpEventBus http) {
      http.replay();
    }
  }
}
