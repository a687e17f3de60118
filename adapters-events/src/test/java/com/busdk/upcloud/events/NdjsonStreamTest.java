package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdjsonStreamTest {

  @Test
  void skipsBlankLinesAndStripsCarriageReturns() throws IOException {
    NdjsonStream stream = stream("\n{\"a\":1}\r\n   \n\r\n{\"b\":2}\n", 100);
    assertEquals("{\"a\":1}", stream.nextLine());
    assertEquals("{\"b\":2}", stream.nextLine());
    assertNull(stream.nextLine());
  }

  @Test
  void returnsALastLineWithoutNewline() throws IOException {
    NdjsonStream stream = stream("{\"a\":1}\n{\"b\":2}", 100);
    assertEquals("{\"a\":1}", stream.nextLine());
    assertEquals("{\"b\":2}", stream.nextLine());
    assertNull(stream.nextLine());
  }

  @Test
  void dropsAnOversizedLineAndKeepsReading() throws IOException {
    String huge = "x".repeat(50_000);
    NdjsonStream stream = stream("{\"a\":1}\n" + huge + "\n{\"b\":2}\n" + huge, 1000);
    assertEquals("{\"a\":1}", stream.nextLine());
    assertEquals("{\"b\":2}", stream.nextLine());
    assertNull(stream.nextLine(), "an oversized unterminated tail is dropped too");
  }

  @Test
  void keepsMultibyteCharactersWhole() throws IOException {
    NdjsonStream stream = stream("{\"city\":\"Jyväskylä\"}\n", 100);
    assertEquals("{\"city\":\"Jyväskylä\"}", stream.nextLine());
  }

  @Test
  void acceptsALineOfExactlyTheLimit() throws IOException {
    String line = "y".repeat(1000);
    assertEquals(line, stream(line + "\n", 1000).nextLine());
    assertNull(stream("y".repeat(1001) + "\n", 1000).nextLine());
  }

  private static NdjsonStream stream(String body, int limit) {
    return new NdjsonStream(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "test", limit);
  }
}
