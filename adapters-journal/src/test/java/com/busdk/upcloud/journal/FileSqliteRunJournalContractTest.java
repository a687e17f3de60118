package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.journal.RunJournalContract;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;

class FileSqliteRunJournalContractTest extends RunJournalContract {
  @TempDir Path dir;

  @Override
  protected RunJournal open(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    return SqliteRunJournal.open(dir.resolve("journal.db"), limits, encoder, time);
  }

  @Override
  protected Object kept(Object payload, String json) {
    return new RawJson(json);
  }
}
