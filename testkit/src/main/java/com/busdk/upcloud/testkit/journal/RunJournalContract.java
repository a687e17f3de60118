package com.busdk.upcloud.testkit.journal;

import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.FakeTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link RunJournal} must show, run against {@link InMemoryRunJournal} and
 * against the SQLite journal, in a file and in memory. The tests live in three parts, {@link
 * ClaimsContract}, {@link RunsContract} and {@link BoundsContract}; a subclass runs them all by
 * opening journals, which the contract closes. Time is a {@link FakeTime} that the journal ages its
 * entries by and that the tests move on.
 */
@Timeout(60)
public abstract class RunJournalContract implements ClaimsContract, RunsContract, BoundsContract {
  protected final FakeTime time = new FakeTime();
  private final List<RunJournal> opened = new ArrayList<>();

  /**
   * A new journal with these bounds, measuring answers with {@code encoder}, aged by {@code time}.
   */
  protected abstract RunJournal open(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time);

  /**
   * What {@link com.busdk.upcloud.ports.AnswerClaim.Answered#payload()} holds for an answer given
   * as {@code payload} and encoded as {@code json}: the payload itself, or its JSON text as a
   * durable journal keeps it.
   */
  protected abstract Object kept(Object payload, String json);

  @Override
  public final RunJournal journal(JournalLimits limits) {
    RunJournal journal = open(limits, JournalSamples.ENCODER, time);
    opened.add(journal);
    return journal;
  }

  @Override
  public final FakeTime time() {
    return time;
  }

  @Override
  public final Object keptAnswer(Object payload, String json) {
    return kept(payload, json);
  }

  @AfterEach
  final void closeJournals() {
    opened.forEach(RunJournal::close);
  }
}
