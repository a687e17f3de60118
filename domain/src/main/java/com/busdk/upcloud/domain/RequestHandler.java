package com.busdk.upcloud.domain;

/**
 * Handles one request event name. Returns the success payload (a record from the ports package);
 * throws {@link com.busdk.upcloud.ports.WorkerException} for a failure reply. Any other exception
 * becomes a {@code provider_error} reply: the dispatcher never lets a handler kill the worker.
 */
@FunctionalInterface
public interface RequestHandler {
  Object handle(RequestContext request);
}
