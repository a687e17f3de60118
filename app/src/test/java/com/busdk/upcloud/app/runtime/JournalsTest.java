package com.busdk.upcloud.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.config.StateConfig;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.testkit.FakeTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal options reach the journal the worker opens. */
class JournalsTest {
  @TempDir Path dir;

  private static StateConfig state(String... args) {
    return SettingsLoader.load(args, Map.of()).state();
  }

  @Test
  void theRunBoundFromTheCommandLineDropsTheOldestFinishedRuns() {
    FakeTime time = new FakeTime();
    try (RunJournal journal =
        Journals.open(state("--state-dir=" + dir, "--journal-max-runs=2"), time)) {
      for (int i = 0; i < 3; i++) {
        RunEntry run =
            RunEntry.started(
                new RunEntry.Key("o", "r" + i),
                new RunEntry.Launch("c" + i, "w", "img", List.of(), "runner", "n" + i, time.now()));
        journal.insertRun(run);
        journal.updateRun(run.finished(RunState.COMPLETED, time.now(), 0, null, null));
      }
      assertEquals(2, journal.usage().runs());
      assertTrue(journal.findRun("o", "r0").isEmpty(), "the oldest went first");
    }
    assertTrue(Files.isRegularFile(dir.resolve(StateConfig.JOURNAL_FILE)), "kept on disk");
  }

  @Test
  void theAnswerByteBoundFromTheCommandLineIsKept() {
    FakeTime time = new FakeTime();
    try (RunJournal journal =
        Journals.open(state("--state-dir=" + dir, "--journal-max-answer-bytes=2k"), time)) {
      for (int i = 0; i < 20; i++) {
        RunJournal.RequestKey key = new RunJournal.RequestKey("bus.vm.start.request", "c-" + i);
        journal.claim(key, "w", time.now());
        journal.answered(key, Map.of("pad", "x".repeat(400)), time.now());
      }
      assertTrue(journal.usage().answerBytes() <= 2048, "bytes " + journal.usage().answerBytes());
    }
  }

  @Test
  void aMissingStateDirectoryIsAConfigurationError() {
    JournalException e =
        assertThrows(
            JournalException.class,
            () -> Journals.open(state("--state-dir=" + dir.resolve("nope")), new FakeTime()));
    assertTrue(e.isConfiguration());
  }
}
