package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.RequestHandler;
import java.util.Map;

/** The handlers one worker mode contributes, keyed by request event name. */
public record HandlerSet(String mode, Map<String, RequestHandler> handlers) {
  public HandlerSet {
    requireNonNull(mode, "mode is null");
    handlers = Map.copyOf(requireNonNull(handlers, "handlers is null"));
  }
}
