package com.busdk.upcloud.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BooleansTest {
  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "yes", "on", "TRUE", "Yes", "On", " true "})
  void acceptsTrueSpellings(String text) {
    assertTrue(Booleans.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "false", "no", "off", "FALSE", "No", "OFF"})
  void acceptsFalseSpellings(String text) {
    assertFalse(Booleans.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2", "y", "n", "enabled", "truee", "-1"})
  void rejectsEverythingElse(String text) {
    assertEquals(Optional.empty(), Booleans.tryParse(text));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Booleans.parse(text));
    assertTrue(e.getMessage().startsWith("invalid boolean " + Quoted.of(text)), e.getMessage());
  }
}
