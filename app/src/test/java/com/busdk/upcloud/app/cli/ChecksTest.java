package com.busdk.upcloud.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The small preflight checks on their own, and the printer's line format. */
class ChecksTest {
  @Test
  void theReleaseCheckWarnsOnAMismatchAndPassesOtherwise() {
    assertEquals(
        CheckResult.ok("release", "built from v1.2.0; BUSDK_RELEASE is not set"),
        ReleaseCheck.check("v1.2.0", " "));
    assertEquals(
        CheckResult.ok("release", "built from v1.2.0, matching BUSDK_RELEASE"),
        ReleaseCheck.check("v1.2.0", "v1.2.0\n"));
    assertEquals(
        CheckResult.warn("release", "development build; BUSDK_RELEASE says v1.2.0"),
        ReleaseCheck.check("dev", "v1.2.0"));
    assertEquals(
        CheckResult.warn(
            "release", "built from v1.1.0 but BUSDK_RELEASE is v1.2.0: deploy one release set"),
        ReleaseCheck.check("v1.1.0", "v1.2.0"));
  }

  @Test
  void thePrinterWritesOneAlignedLinePerResult() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CheckPrinter printer = new CheckPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    printer.print(CheckResult.ok("token", "fine"));
    printer.print(CheckResult.fail("events api", "refused"));
    assertEquals(
        "ok    token: fine"
            + System.lineSeparator()
            + "fail  events api: refused"
            + System.lineSeparator(),
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void onlyAFailureCountsAsFailed() {
    assertFalse(CheckResult.ok("a", "x").failed());
    assertFalse(CheckResult.warn("b", "y").failed());
    assertTrue(CheckResult.fail("c", "z").failed());
  }

  @Test
  void longServerDetailsAreCutToOneShortLine() {
    String detail = "x".repeat(CheckResult.MAX_DETAIL + 10) + "\nsecond line";
    String shortened = CheckResult.shorten(detail);
    assertEquals(CheckResult.MAX_DETAIL + 1, shortened.length());
    assertTrue(shortened.endsWith("…"));
    assertEquals("", CheckResult.shorten(null));
  }

  @Test
  void spansAreCoarse() {
    assertEquals("3d 4h", TokenCheck.span(Duration.ofHours(76).plusMinutes(5)));
    assertEquals("5h 10m", TokenCheck.span(Duration.ofMinutes(310)));
    assertEquals("7m", TokenCheck.span(Duration.ofSeconds(425)));
    assertEquals("42s", TokenCheck.span(Duration.ofSeconds(42)));
  }
}
