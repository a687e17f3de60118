package com.busdk.upcloud.testkit.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.testkit.FakeTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRunJournalTest {
  private static final RequestKey KEY = new RequestKey("bus.vm.start.request", "c-1");

  private final FakeTime time = new FakeTime();

  @Test
  void handsBackTheVeryPayloadItWasGiven() {
    InMemoryRunJournal journal = new InMemoryRunJournal(time);
    List<String> payload = List.of("accepted");
    journal.answered(KEY, payload, time.now());

    AnswerClaim claim = journal.claim(KEY, "worker-a", time.now());

    assertSame(payload, ((AnswerClaim.Answered) claim).payload());
  }

  @Test
  void measuresAnswersByTheirTextUnlessGivenAnEncoder() {
    InMemoryRunJournal journal = new InMemoryRunJournal(time);
    journal.answered(KEY, "äb", time.now());
    assertEquals(KEY.approximateBytes() + 3, journal.usage().answerBytes());

    journal.answered(KEY, new RawJson("{\"a\":1}"), time.now());
    assertEquals(KEY.approximateBytes() + 7, journal.usage().answerBytes(), "JSON as it is");
  }
}
