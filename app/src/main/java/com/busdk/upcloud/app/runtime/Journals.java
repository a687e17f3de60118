package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.StateConfig;
import com.busdk.upcloud.events.EventCodec;
import com.busdk.upcloud.journal.SqliteRunJournal;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Opens the run journal the configuration asks for: SQLite in the state directory, or SQLite in
 * memory for {@code --local} and {@code --self-test}. Never falls back from one to the other: a
 * state directory that cannot be used is an error at start.
 */
public final class Journals {
  private static final EventCodec CODEC = new EventCodec();

  private Journals() {}

  /**
   * @throws JournalException configuration=true when the state directory is missing, not a
   *     directory, or the journal file is unusable; false for runtime failures (locked, full)
   */
  public static RunJournal open(StateConfig state, TimeSource time) {
    requireNonNull(state, "state is null");
    requireNonNull(time, "time is null");
    JournalLimits defaults =
        state.stateDir() == null
            ? JournalLimits.inMemoryDefaults()
            : JournalLimits.durableDefaults();
    JournalLimits limits =
        new JournalLimits(
            state.maxRuns(),
            state.maxRunBytes(),
            defaults.runTtl(),
            state.maxAnswers(),
            state.maxAnswerBytes(),
            defaults.answerTtl());
    if (state.stateDir() == null) {
      return SqliteRunJournal.inMemory(limits, Journals::encode, time);
    }
    Path dir = state.stateDir();
    if (!Files.isDirectory(dir)) {
      throw new JournalException(
          "state directory " + dir + " does not exist or is not a directory (--state-dir)",
          true,
          null);
    }
    return SqliteRunJournal.open(state.journalFile(), limits, Journals::encode, time);
  }

  /** The JSON text of an answer, as the events codec publishes it. */
  static String encode(Object payload) {
    return payload instanceof RawJson raw ? raw.json() : CODEC.writeLine(CODEC.toTree(payload));
  }

  /** For embedding: the encoder a journal of this worker must use. */
  public static Function<Object, String> encoder() {
    return Journals::encode;
  }
}
