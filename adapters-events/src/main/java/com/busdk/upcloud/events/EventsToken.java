package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

/**
 * Where the bearer token for the Events API comes from. A fixed token never changes; a token kept
 * in a file can be re-read when it is rotated, so that publishes and every stream (re)connection
 * use the current one.
 */
public interface EventsToken {
  /** The token to send now. Never logged. */
  String current();

  /**
   * Called after the Events API refused {@code rejected} with 401 or 403.
   *
   * @return true to keep trying (a renewed token may be current now, or appear later), false to
   *     give up as with a static token
   */
  boolean renewAfterRefusal(String rejected);

  /** A token that never changes: a refusal is final. */
  static EventsToken fixed(String token) {
    requireNonNull(token, "token is null");
    return new EventsToken() {
      @Override
      public String current() {
        return token;
      }

      @Override
      public boolean renewAfterRefusal(String rejected) {
        return false;
      }

      @Override
      public String toString() {
        return "EventsToken[fixed, ***]";
      }
    };
  }
}
