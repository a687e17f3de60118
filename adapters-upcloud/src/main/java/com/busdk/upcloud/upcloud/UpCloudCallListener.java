package com.busdk.upcloud.upcloud;

import java.time.Duration;

/**
 * Learns of every HTTP exchange with UpCloud, retries included, for metrics. Called on the calling
 * thread; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface UpCloudCallListener {
  /**
   * @param operation the API operation, such as {@code getServer} or {@code startServer}
   * @param status the HTTP status, or 0 when no answer arrived (connection failure, timeout)
   * @param elapsed time from sending the request to its answer or failure
   */
  void called(String operation, int status, Duration elapsed);

  /** Listens to nothing. */
  UpCloudCallListener NONE = (operation, status, elapsed) -> {};
}
