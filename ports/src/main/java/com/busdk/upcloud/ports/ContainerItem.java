package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One run in a status reply: its id, its {@link RunState}, its owner and {@link Details}. The
 * events codec writes the state as its wire name and the details as an object with snake_case
 * names, leaving out what is unknown.
 */
public record ContainerItem(String id, RunState state, String ownerIdentityId, Details details) {
  public ContainerItem {
    requireNonNull(id, "id is null");
    requireNonNull(state, "state is null");
    details = details == null ? Details.NONE : details;
  }

  /** The item of a run the journal keeps. */
  public static ContainerItem of(RunEntry run) {
    RunEntry.Launch launch = run.launch();
    RunEntry.Outcome outcome = run.outcome();
    return new ContainerItem(
        run.key().runId(),
        run.state(),
        run.key().owner(),
        new Details(
            launch.image(),
            launch.runnerName(),
            launch.startedAt(),
            outcome.finishedAt(),
            outcome.exitCode(),
            outcome.message(),
            null));
  }

  /**
   * The item of a run the runner shows live but this worker did not record (another replica's).
   *
   * @param startedLabel the container's start label; left out when it is not an instant
   */
  public static ContainerItem liveOnRunner(
      String runId, String owner, String image, String runnerName, String startedLabel) {
    return new ContainerItem(
        runId,
        RunState.RUNNING,
        owner,
        new Details(
            image, runnerName, instantOrNull(startedLabel), null, null, null, Details.RUNNER));
  }

  private static Instant instantOrNull(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * What is known of a run; null where nothing is.
   *
   * @param runner the runner server's name
   * @param message why a run failed or was interrupted
   * @param seenOn {@value #RUNNER} when the item comes from the runner's live containers only
   */
  public record Details(
      String image,
      String runner,
      Instant startedAt,
      Instant finishedAt,
      Integer exitCode,
      String message,
      String seenOn) {
    /** Where a run only the runner knows of was seen. */
    public static final String RUNNER = "runner";

    static final Details NONE = new Details(null, null, null, null, null, null, null);
  }
}
