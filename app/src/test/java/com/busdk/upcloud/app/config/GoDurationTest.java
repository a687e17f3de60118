package com.busdk.upcloud.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @Test
  void parsesGoSyntax() {
    assertEquals(Duration.ofSeconds(30), GoDuration.parse("30s"));
    assertEquals(Duration.ofMinutes(5), GoDuration.parse("5m"));
    assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
    assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
    assertEquals(Duration.ofMillis(250), GoDuration.parse("250ms"));
    assertEquals(Duration.ofNanos(7), GoDuration.parse("7ns"));
    assertEquals(Duration.ofNanos(3_000), GoDuration.parse("3us"));
    assertEquals(Duration.ofNanos(3_000), GoDuration.parse("3\u00b5s"));
    assertEquals(Duration.ofNanos(3_000), GoDuration.parse("3\u03bcs"));
    assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
    assertEquals(Duration.ofSeconds(5), GoDuration.parse("5.s"));
    assertEquals(Duration.ofSeconds(-90), GoDuration.parse("-1m30s"));
    assertEquals(Duration.ofSeconds(2), GoDuration.parse("+2s"));
    assertEquals(Duration.ofHours(2).plusMillis(1), GoDuration.parse("1h60m1ms"));
    assertEquals(Duration.ZERO, GoDuration.parse("0"));
    assertEquals(Duration.ZERO, GoDuration.parse("0s"));
  }

  @Test
  void fractionsBelowANanosecondAreTruncatedAsInGo() {
    assertEquals(Duration.ofNanos(1), GoDuration.parse("1.9ns"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5x", "s", "1.5", "--1s", "1h 30m", ".s", "1e3s", "300000000h"})
  void rejectsGarbageNamingTheValue(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    assertEquals(
        "invalid duration " + Quoted.of(text), e.getMessage().replaceFirst(" \\(.*\\)$", ""));
  }

  @Test
  void bareIntegerIsNotADurationOnTheCommandLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("30"));
    assertEquals("invalid duration \"30\" (add a unit, e.g. 30s)", e.getMessage());
  }

  @Test
  void bareIntegerMeansSecondsInTheEnvironment() {
    assertEquals(Duration.ofSeconds(30), GoDuration.parseEnv("30"));
    assertEquals(Duration.ZERO, GoDuration.parseEnv("0"));
    assertEquals(Duration.ofMinutes(5), GoDuration.parseEnv("5m"));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parseEnv("30x"));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parseEnv("99999999999999999999"));
  }

  @Test
  void formatsCompactlyAndReadsBack() {
    assertEquals("30m", GoDuration.format(Duration.ofMinutes(30)));
    assertEquals("1h30m", GoDuration.format(Duration.ofMinutes(90)));
    assertEquals("1h5s", GoDuration.format(Duration.ofSeconds(3_605)));
    assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
    assertEquals("250ms", GoDuration.format(Duration.ofMillis(250)));
    assertEquals("1.5ms", GoDuration.format(Duration.ofNanos(1_500_000)));
    assertEquals("2us", GoDuration.format(Duration.ofNanos(2_000)));
    assertEquals("7ns", GoDuration.format(Duration.ofNanos(7)));
    assertEquals("0s", GoDuration.format(Duration.ZERO));
    assertEquals("-45s", GoDuration.format(Duration.ofSeconds(-45)));
    assertEquals("26h0.000000001s", GoDuration.format(Duration.ofHours(26).plusNanos(1)));
    for (Duration d :
        new Duration[] {
          Duration.ofMinutes(30),
          Duration.ofMillis(1500),
          Duration.ofNanos(1_234_567),
          Duration.ofHours(26).plusNanos(1),
          Duration.ofSeconds(-61)
        }) {
      assertEquals(d, GoDuration.parse(GoDuration.format(d)));
    }
  }
}
