package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.InputLimits;

/**
 * What bounds and identifies this worker's runs.
 *
 * @param inputs size limits of request fields
 * @param outputLimitBytes at most this many bytes each of stdout and stderr are kept per run
 * @param group the delivery group, labelled on every container so replicas see each other's runs
 * @param worker this replica's consumer id, labelled on its containers and its journal entries
 * @param maxStatusItems how many of an owner's newest runs a status answer lists
 */
public record RunPolicy(
    InputLimits inputs, long outputLimitBytes, String group, String worker, int maxStatusItems) {
  /** 1 MiB of each output stream, as the option reference documents. */
  public static final long DEFAULT_OUTPUT_LIMIT = 1L << 20;

  public static final int DEFAULT_MAX_STATUS_ITEMS = 500;

  public RunPolicy {
    requireNonNull(inputs, "inputs is null");
    requireNonNull(group, "group is null");
    requireNonNull(worker, "worker is null");
    if (outputLimitBytes < 1) {
      throw new IllegalArgumentException("outputLimitBytes must be positive");
    }
    if (maxStatusItems < 1) {
      throw new IllegalArgumentException("maxStatusItems must be positive");
    }
  }

  /** Default limits for a worker in {@code group} named {@code worker}. */
  public static RunPolicy defaults(String group, String worker) {
    return new RunPolicy(
        InputLimits.defaults(), DEFAULT_OUTPUT_LIMIT, group, worker, DEFAULT_MAX_STATUS_ITEMS);
  }
}
