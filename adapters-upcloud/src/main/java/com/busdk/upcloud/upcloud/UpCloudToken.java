package com.busdk.upcloud.upcloud;

import static java.util.Objects.requireNonNull;

/**
 * Where the UpCloud API token comes from. A fixed token never changes; a token kept in a file can
 * be re-read when UpCloud answers 401, so a rotated token is picked up without a restart.
 */
public interface UpCloudToken {
  /** The token to send now. Never logged. */
  String current();

  /**
   * Called after UpCloud answered 401 to {@code rejected}.
   *
   * @return true when a different token is current now and the call is worth repeating once
   */
  boolean renewAfterRefusal(String rejected);

  /** A token that never changes. */
  static UpCloudToken fixed(String token) {
    requireNonNull(token, "token is null");
    return new UpCloudToken() {
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
        return "UpCloudToken[fixed, ***]";
      }
    };
  }
}
