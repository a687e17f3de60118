package com.busdk.upcloud.ports;

/**
 * What a container run printed, each stream already capped, with whether it was cut.
 *
 * @param stdoutTruncated true when the run wrote more to stdout than was kept
 * @param stderrTruncated true when the run wrote more to stderr than was kept
 */
public record RunOutput(
    String stdout, boolean stdoutTruncated, String stderr, boolean stderrTruncated) {
  /** Nothing printed (yet). */
  public static final RunOutput NONE = new RunOutput("", false, "", false);

  public RunOutput {
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }
}
