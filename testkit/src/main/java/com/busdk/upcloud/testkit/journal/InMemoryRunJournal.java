package com.busdk.upcloud.testkit.journal;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A thread-safe {@link RunJournal} in plain Java maps, with the SQLite journal's semantics and
 * bounds: the same count and byte bounds, the same ages on the given clock, the same eviction order
 * (oldest finished first, the earlier recorded first among equals). Unlike the SQLite journal it
 * hands answers back as the very objects it was given; the encoder only measures their bytes.
 */
public final class InMemoryRunJournal implements RunJournal {
  private final JournalLimits limits;
  private final Function<Object, String> encoder;
  private final TimeSource time;

  private final Map<RunEntry.Key, KeptRun> runs = new HashMap<>();
  private final Map<RequestKey, KeptAnswer> answers = new HashMap<>();
  private long runBytes;
  private long answerBytes;
  private long nextSequence;
  private boolean closed;

  /**
   * With {@link JournalLimits#inMemoryDefaults()}; answers are measured by their {@code toString}.
   */
  public InMemoryRunJournal(TimeSource time) {
    this(JournalLimits.inMemoryDefaults(), time);
  }

  /** Answers are measured by their {@code toString} (a {@link RawJson} by its text). */
  public InMemoryRunJournal(JournalLimits limits, TimeSource time) {
    this(limits, String::valueOf, time);
  }

  /**
   * @param encoder makes the JSON text of an answer, whose UTF-8 length counts towards the bounds
   *     as it does in the SQLite journal
   */
  public InMemoryRunJournal(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    this.limits = requireNonNull(limits, "limits is null");
    this.encoder = requireNonNull(encoder, "encoder is null");
    this.time = requireNonNull(time, "time is null");
  }

  @Override
  public synchronized AnswerClaim claim(RequestKey key, String worker, Instant now) {
    requireNonNull(key, "key is null");
    requireNonNull(worker, "worker is null");
    requireNonNull(now, "now is null");
    ensureOpen();
    expire();
    KeptAnswer kept = answers.get(key);
    AnswerClaim claim;
    if (kept == null) {
      putAnswer(
          key, new KeptAnswer(nextSequence++, worker, now, null, null, key.approximateBytes()));
      claim = new AnswerClaim.Fresh();
    } else if (kept.answeredAt() == null) {
      claim = new AnswerClaim.Running(kept.worker(), kept.claimedAt());
    } else {
      claim = new AnswerClaim.Answered(kept.payload());
    }
    shrink();
    return claim;
  }

  @Override
  public synchronized void answered(RequestKey key, Object payload, Instant now) {
    requireNonNull(key, "key is null");
    requireNonNull(payload, "payload is null");
    requireNonNull(now, "now is null");
    ensureOpen();
    String json =
        payload instanceof RawJson raw
            ? raw.json()
            : requireNonNull(encoder.apply(payload), "encoder returned null");
    long bytes = key.approximateBytes() + json.getBytes(StandardCharsets.UTF_8).length;
    KeptAnswer kept = answers.get(key);
    putAnswer(
        key,
        kept == null
            ? new KeptAnswer(nextSequence++, "", now, now, payload, bytes)
            : new KeptAnswer(
                kept.sequence(), kept.worker(), kept.claimedAt(), now, payload, bytes));
    prune();
  }

  @Override
  public synchronized void release(RequestKey key) {
    requireNonNull(key, "key is null");
    ensureOpen();
    removeAnswer(key);
    prune();
  }

  @Override
  public synchronized List<PendingRequest> unanswered(String worker) {
    requireNonNull(worker, "worker is null");
    ensureOpen();
    return answers.entrySet().stream()
        .filter(e -> e.getValue().answeredAt() == null && e.getValue().worker().equals(worker))
        .sorted(
            Comparator.comparing((Map.Entry<RequestKey, KeptAnswer> e) -> e.getValue().claimedAt())
                .thenComparingLong(e -> e.getValue().sequence()))
        .map(e -> new PendingRequest(e.getKey(), e.getValue().claimedAt()))
        .toList();
  }

  @Override
  public synchronized boolean insertRun(RunEntry run) {
    requireNonNull(run, "run is null");
    ensureOpen();
    RunEntry.Key key = run.key();
    boolean inserted = !runs.containsKey(key);
    if (inserted) {
      putRun(key, new KeptRun(nextSequence++, run, run.approximateBytes()));
    }
    prune();
    return inserted;
  }

  @Override
  public synchronized void updateRun(RunEntry run) {
    requireNonNull(run, "run is null");
    ensureOpen();
    RunEntry.Key key = run.key();
    KeptRun kept = runs.get(key);
    if (kept != null) {
      putRun(key, new KeptRun(kept.sequence(), run, run.approximateBytes()));
    }
    prune();
  }

  @Override
  public synchronized Optional<RunEntry> findRun(String owner, String runId) {
    requireNonNull(owner, "owner is null");
    requireNonNull(runId, "runId is null");
    ensureOpen();
    return Optional.ofNullable(runs.get(new RunEntry.Key(owner, runId))).map(KeptRun::run);
  }

  @Override
  public synchronized List<RunEntry> listRuns(String owner, int max) {
    requireNonNull(owner, "owner is null");
    ensureOpen();
    if (max <= 0) {
      return List.of();
    }
    return runs.values().stream()
        .filter(k -> k.run().key().owner().equals(owner))
        .sorted(
            Comparator.comparing((KeptRun k) -> k.run().launch().startedAt())
                .thenComparingLong(KeptRun::sequence)
                .reversed())
        .limit(max)
        .map(KeptRun::run)
        .toList();
  }

  @Override
  public synchronized List<RunEntry> runningRuns(String worker) {
    requireNonNull(worker, "worker is null");
    ensureOpen();
    return runs.values().stream()
        .filter(k -> k.run().isRunning() && k.run().launch().worker().equals(worker))
        .sorted(
            Comparator.comparing((KeptRun k) -> k.run().launch().startedAt())
                .thenComparingLong(KeptRun::sequence))
        .map(KeptRun::run)
        .toList();
  }

  @Override
  public synchronized JournalUsage usage() {
    ensureOpen();
    return new JournalUsage(runs.size(), runBytes, answers.size(), answerBytes);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  // ---- bounds --------------------------------------------------------------------------------

  private void prune() {
    expire();
    shrink();
  }

  private void expire() {
    Instant now = time.now();
    Instant runCutoff = cutoff(now, limits.runTtl());
    Instant answerCutoff = cutoff(now, limits.answerTtl());
    for (KeptRun kept : List.copyOf(runs.values())) {
      Instant settled = kept.run().settledAt();
      if (settled != null && settled.isBefore(runCutoff)) {
        removeRun(kept.run().key());
      }
    }
    Iterator<Map.Entry<RequestKey, KeptAnswer>> it = answers.entrySet().iterator();
    while (it.hasNext()) {
      KeptAnswer kept = it.next().getValue();
      if (kept.answeredAt() != null && kept.answeredAt().isBefore(answerCutoff)) {
        it.remove();
        answerBytes -= kept.bytes();
      }
    }
  }

  private void shrink() {
    while (runs.size() > limits.maxRuns() || runBytes > limits.maxRunBytes()) {
      Optional<KeptRun> oldest =
          runs.values().stream()
              .filter(k -> k.run().settledAt() != null)
              .min(
                  Comparator.comparing((KeptRun k) -> k.run().settledAt())
                      .thenComparingLong(KeptRun::sequence));
      if (oldest.isEmpty()) {
        return;
      }
      removeRun(oldest.get().run().key());
    }
    while (answers.size() > limits.maxAnswers() || answerBytes > limits.maxAnswerBytes()) {
      Optional<Map.Entry<RequestKey, KeptAnswer>> oldest =
          answers.entrySet().stream()
              .filter(e -> e.getValue().answeredAt() != null)
              .min(
                  Comparator.comparing(
                          (Map.Entry<RequestKey, KeptAnswer> e) -> e.getValue().answeredAt())
                      .thenComparingLong(e -> e.getValue().sequence()));
      if (oldest.isEmpty()) {
        return;
      }
      removeAnswer(oldest.get().getKey());
    }
  }

  private static Instant cutoff(Instant now, Duration ttl) {
    try {
      return now.minus(ttl);
    } catch (ArithmeticException | DateTimeException e) {
      return Instant.MIN;
    }
  }

  private void putRun(RunEntry.Key key, KeptRun kept) {
    KeptRun previous = runs.put(key, kept);
    runBytes += kept.bytes() - (previous == null ? 0 : previous.bytes());
  }

  private void removeRun(RunEntry.Key key) {
    KeptRun removed = runs.remove(key);
    if (removed != null) {
      runBytes -= removed.bytes();
    }
  }

  private void putAnswer(RequestKey key, KeptAnswer kept) {
    KeptAnswer previous = answers.put(key, kept);
    answerBytes += kept.bytes() - (previous == null ? 0 : previous.bytes());
  }

  private void removeAnswer(RequestKey key) {
    KeptAnswer removed = answers.remove(key);
    if (removed != null) {
      answerBytes -= removed.bytes();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new JournalException("in-memory run journal is closed", false, null);
    }
  }

  /** {@code sequence} orders entries recorded at the same instant, as SQLite's rowid does. */
  private record KeptRun(long sequence, RunEntry run, long bytes) {}

  private record KeptAnswer(
      long sequence,
      String worker,
      Instant claimedAt,
      Instant answeredAt,
      Object payload,
      long bytes) {}
}
