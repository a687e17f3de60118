package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.journal.RunJournalContract;
import java.util.function.Function;

class MemorySqliteRunJournalContractTest extends RunJournalContract {

  @Override
  protected RunJournal open(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    return SqliteRunJournal.inMemory(limits, encoder, time);
  }

  @Override
  protected Object kept(Object payload, String json) {
    return new RawJson(json);
  }
}
