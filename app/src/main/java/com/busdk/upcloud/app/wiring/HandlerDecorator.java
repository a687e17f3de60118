package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.domain.RequestHandler;

/**
 * Wraps the handler of one request name before the dispatcher gets it, for what a mode adds to
 * answers without changing the domain (for example {@code --local} naming its container runtime).
 */
@FunctionalInterface
public interface HandlerDecorator {
  RequestHandler decorate(String requestName, RequestHandler handler);
}
