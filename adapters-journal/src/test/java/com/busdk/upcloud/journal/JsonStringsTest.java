package com.busdk.upcloud.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonStringsTest {

  @Test
  void roundTripsAnyStrings() {
    List<String> values =
        List.of(
            "", "plain", "\"quoted\"", "back\\slash", "new\nline\r\t", "\u0000\u001f", "ä ✓ 😀");

    assertEquals(values, JsonStrings.decode(JsonStrings.encode(values)));
    assertEquals(List.of(), JsonStrings.decode(JsonStrings.encode(List.of())));
  }

  @Test
  void writesPlainJson() {
    assertEquals(
        "[\"a\",\"b \\\"c\\\"\",\"\\u0001\"]",
        JsonStrings.encode(List.of("a", "b \"c\"", "\u0001")));
  }

  @Test
  void readsJsonWrittenByOthers() {
    assertEquals(
        List.of("a", "/", "\u00e4"), JsonStrings.decode(" [ \"a\" , \"\\/\", \"\\u00E4\" ] "));
  }

  @Test
  void refusesAnythingButAnArrayOfStrings() {
    for (String bad :
        List.of(
            "",
            "{}",
            "[1]",
            "[\"a\"",
            "[\"a\",]",
            "[\"a\"] x",
            "[\"\\x\"]",
            "[\"\\u12\"]",
            "[\"\\u-001\"]")) {
      assertThrows(IllegalArgumentException.class, () -> JsonStrings.decode(bad), bad);
    }
  }
}
