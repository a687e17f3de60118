package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Podman labels every run container carries, so the runner itself tells any replica which runs
 * are live and whose they are. The owner is labelled by a digest, never by the identity itself.
 */
public final class RunLabels {
  public static final String RUN = "io.busdk.run";
  public static final String OWNER = "io.busdk.owner";
  public static final String GROUP = "io.busdk.group";
  public static final String WORKER = "io.busdk.worker";
  public static final String STARTED = "io.busdk.started";

  private RunLabels() {}

  /** The labels of one run. */
  public static Map<String, String> of(
      String runId, String owner, String group, String worker, Instant started) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RUN, requireNonNull(runId, "runId is null"));
    labels.put(OWNER, ownerDigest(owner));
    labels.put(GROUP, requireNonNull(group, "group is null"));
    labels.put(WORKER, requireNonNull(worker, "worker is null"));
    labels.put(STARTED, requireNonNull(started, "started is null").toString());
    return labels;
  }

  /** A stable, non-reversible label value for an identity: 32 hex digits of its SHA-256. */
  public static String ownerDigest(String owner) {
    requireNonNull(owner, "owner is null");
    return sha256Hex(owner, 16);
  }

  static String sha256Hex(String value, int bytes) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
