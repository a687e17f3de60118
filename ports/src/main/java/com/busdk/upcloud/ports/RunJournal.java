package com.busdk.upcloud.ports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the worker must not forget across a restart: the container runs it started, and the answers
 * of requests that must not be executed twice (run, delete, start, stop, runner admin).
 *
 * <p>Every implementation is bounded by count and by bytes ({@link JournalLimits}): finished runs
 * and answers beyond a bound, or older than their time to live, are dropped oldest first. Runs in
 * flight and claims without an answer are never dropped; the dispatcher's in-flight limit bounds
 * them, but they count towards the bounds. Dropping happens in every write ({@link #claim}, {@link
 * #answered}, {@link #release}, {@link #insertRun}, {@link #updateRun}), with ages measured on the
 * implementation's clock; a read never drops anything. A finished run's age counts from its {@link
 * RunEntry#finishedAt()} (its start when that is missing), an answer's from {@link #answered}.
 *
 * <p>Implementations are safe for use by many threads.
 *
 * <p>A run is identified by its owner and its run id together: two identities may use the same run
 * id without either learning of the other.
 */
public interface RunJournal extends AutoCloseable {

  /**
   * Takes a request for execution by {@code worker}, unless it was taken before.
   *
   * @return {@link AnswerClaim.Fresh} when this call took it, {@link AnswerClaim.Running} when it
   *     is taken and not yet answered, {@link AnswerClaim.Answered} with the kept answer otherwise
   * @throws JournalException when the journal cannot be read or written
   */
  AnswerClaim claim(RequestKey key, String worker, Instant now);

  /**
   * Keeps the answer of a claimed request for redelivery, replacing an earlier answer; an answer to
   * a request nobody claimed is kept too. The payload is kept as published: a durable
   * implementation keeps its JSON text and hands it back as {@link RawJson}.
   */
  void answered(RequestKey key, Object payload, Instant now);

  /**
   * Forgets a claim whose answer could not be published, so a redelivery is executed again. The
   * claim is forgotten with its kept answer, if it has one.
   */
  void release(RequestKey key);

  /**
   * Claims of {@code worker} that have no answer, oldest first: requests in flight when it last
   * stopped.
   */
  List<PendingRequest> unanswered(String worker);

  /**
   * Records a new run.
   *
   * @return false, recording nothing, when the owner already has a run with that id
   */
  boolean insertRun(RunEntry run);

  /** Replaces a recorded run (same owner and id) with its new state; unknown runs are ignored. */
  void updateRun(RunEntry run);

  /** The owner's run with that id. */
  Optional<RunEntry> findRun(String owner, String runId);

  /**
   * The owner's runs, newest started first (the later recorded first among equal starts), at most
   * {@code max}; none when {@code max} is zero or less.
   */
  List<RunEntry> listRuns(String owner, int max);

  /**
   * Runs of {@code worker} still recorded as running, oldest first: those in flight when it last
   * stopped.
   */
  List<RunEntry> runningRuns(String worker);

  /** What is kept now, runs in flight and claims without an answer included. */
  JournalUsage usage();

  /** Releases the journal's resources; any later call fails with {@link JournalException}. */
  @Override
  void close();

  /** A request as the dispatcher tells requests apart: event name and correlation id. */
  record RequestKey(String requestName, String correlationId) {
    public RequestKey {
      java.util.Objects.requireNonNull(requestName, "requestName is null");
      java.util.Objects.requireNonNull(correlationId, "correlationId is null");
    }

    /**
     * What the key takes when kept: both parts in UTF-8. A kept answer takes this plus its JSON
     * text in UTF-8.
     */
    public long approximateBytes() {
      return RunEntry.utf8Length(requestName) + RunEntry.utf8Length(correlationId);
    }
  }

  /** A claim without an answer, found at start. */
  record PendingRequest(RequestKey key, Instant claimedAt) {}

  /**
   * Counts and bytes of what a journal holds; bytes as {@link RunEntry#approximateBytes()} and
   * {@link RequestKey#approximateBytes()} count them.
   */
  record JournalUsage(int runs, long runBytes, int answers, long answerBytes) {}
}
