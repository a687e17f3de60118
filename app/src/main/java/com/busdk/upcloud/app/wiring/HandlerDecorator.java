package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;

/**
 * Wraps the handler of one request family before the dispatcher gets it, for what a mode adds to
 * answers without changing the domain (for example {@code --local} naming its container runtime).
 */
@FunctionalInterface
public interface HandlerDecorator {
  RequestHandler decorate(BusEventName request, RequestHandler handler);
}
