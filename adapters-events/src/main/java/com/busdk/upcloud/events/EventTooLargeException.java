package com.busdk.upcloud.events;

import com.busdk.upcloud.ports.PayloadException;

/**
 * The event was larger than its stream reads whole, so its payload was never read: a {@code
 * bad_request} for a request, and for an awaited answer the reason it will not come.
 */
final class EventTooLargeException extends PayloadException {
  private static final long serialVersionUID = 1L;

  private final int limit;

  EventTooLargeException(int limit) {
    super("event larger than " + limit + " bytes");
    this.limit = limit;
  }

  /** The stream's limit in bytes that the event was over. */
  int limit() {
    return limit;
  }
}
