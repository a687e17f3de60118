package com.busdk.upcloud.testkit.journal;

import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import java.util.function.Function;

class InMemoryRunJournalContractTest extends RunJournalContract {

  @Override
  protected RunJournal open(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    return new InMemoryRunJournal(limits, encoder, time);
  }

  @Override
  protected Object kept(Object payload, String json) {
    return payload;
  }
}
