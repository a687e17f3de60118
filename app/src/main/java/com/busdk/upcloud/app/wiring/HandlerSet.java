package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.ports.BusEventName;
import java.util.Map;

/** The handlers one worker mode contributes, keyed by request event family. */
public record HandlerSet(String mode, Map<BusEventName, RequestHandler> handlers) {
  public HandlerSet {
    requireNonNull(mode, "mode is null");
    handlers = Map.copyOf(requireNonNull(handlers, "handlers is null"));
  }
}
