package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.LogLevel;
import com.busdk.upcloud.app.config.OutputFormat;
import com.busdk.upcloud.app.runtime.Logging;
import com.busdk.upcloud.domain.DispatchSettings;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.RecordingEventBus;
import com.busdk.upcloud.testkit.StubBusEvent;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expected refusals log one line even at debug level; stack traces are for the unexpected. */
class RefusalLoggingTest {
  private static final String START = "bus.vm.start.request";

  @AfterEach
  void restoreDefaults() {
    Logging.configure(LogFormatTest.worker(OutputFormat.TEXT, LogLevel.INFO));
  }

  @Test
  void aBadRequestLogsNoStackTraceButAnUnexpectedFailureDoes() throws Exception {
    Logging.configure(LogFormatTest.worker(OutputFormat.TEXT, LogLevel.DEBUG));
    FakeTime time = new FakeTime();
    String log;
    try (StderrCapture err = new StderrCapture();
        RecordingEventBus bus = new RecordingEventBus();
        InMemoryRunJournal journal = new InMemoryRunJournal(time);
        RequestDispatcher dispatcher =
            new RequestDispatcher(
                bus,
                Map.of(
                    BusEventName.VM_START,
                    r -> {
                      String id = r.correlationId();
                      if (id.startsWith("bad")) {
                        throw new PayloadException("timeout_seconds: expected a number");
                      }
                      if (id.startsWith("refused")) {
                        throw new WorkerException(ErrorType.NOT_FOUND, "run not found");
                      }
                      throw new IllegalStateException("boom");
                    }),
                DispatchSettings.defaults(2, "worker-1"),
                time,
                journal)) {
      for (int i = 0; i < 20; i++) {
        dispatcher.accept(StubBusEvent.named(START).correlationId("bad-" + i).build());
        dispatcher.accept(StubBusEvent.named(START).correlationId("refused-" + i).build());
      }
      dispatcher.accept(StubBusEvent.named(START).correlationId("unexpected").build());
      bus.await(p -> p.correlationId().equals("unexpected"), Duration.ofSeconds(10));
      dispatcher.shutdown(Duration.ofSeconds(10));
      assertEquals(41, bus.published().size());
      log = err.text();
    }
    // Text lines keep a stack trace on the same physical line, its line breaks escaped.
    String trace = "\\n\\tat ";
    assertTrue(
        log.lines().anyMatch(l -> l.contains("handler failed") && l.contains(trace)),
        "the unexpected failure keeps its trace");
    assertFalse(
        log.lines()
            .filter(l -> l.contains("correlation_id=bad-") || l.contains("correlation_id=refused-"))
            .anyMatch(l -> l.contains(trace) || l.contains("Exception")),
        "no trace and no exception class for the 40 refusals");
    assertEquals(
        40,
        log.lines().filter(l -> l.contains("request refused name=" + START)).count(),
        "one refusal line each");
  }
}
