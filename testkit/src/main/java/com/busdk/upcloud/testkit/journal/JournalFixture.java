package com.busdk.upcloud.testkit.journal;

import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.testkit.FakeTime;

/**
 * What the parts of {@link RunJournalContract} need from the test that runs them: journals to test,
 * the clock that ages their entries, and how a kept answer comes back.
 */
public interface JournalFixture {
  RequestKey RUN_REQUEST = new RequestKey("bus.containers.run.request", "c-1");
  RequestKey DELETE_REQUEST = new RequestKey("bus.containers.delete.request", "c-2");

  /** A new journal with these bounds, encoding answers with {@link JournalSamples#ENCODER}. */
  RunJournal journal(JournalLimits limits);

  /** A new journal with {@link JournalSamples#ROOMY} bounds. */
  default RunJournal journal() {
    return journal(JournalSamples.ROOMY);
  }

  /** The clock every journal of the test ages its entries by; tests move it on. */
  FakeTime time();

  /**
   * What {@link com.busdk.upcloud.ports.AnswerClaim.Answered#payload()} holds for an answer given
   * as {@code payload} and encoded as {@code json}.
   */
  Object keptAnswer(Object payload, String json);
}
