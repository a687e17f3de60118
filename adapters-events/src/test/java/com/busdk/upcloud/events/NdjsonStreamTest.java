package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdjsonStreamTest {

  @Test
  void skipsBlankLinesAndStripsCarriageReturns() throws IOException {
    NdjsonStream stream = stream("\n{\"a\":1}\r\n   \n\r\n{\"b\":2}\n", 100);
    assertEquals("{\"a\":1}", next(stream));
    assertEquals("{\"b\":2}", next(stream));
    assertNull(next(stream));
  }

  @Test
  void returnsALastLineWithoutNewline() throws IOException {
    NdjsonStream stream = stream("{\"a\":1}\n{\"b\":2}", 100);
    assertEquals("{\"a\":1}", next(stream));
    assertEquals("{\"b\":2}", next(stream));
    assertNull(next(stream));
  }

  @Test
  void dropsAnOversizedLineAndKeepsReading() throws IOException {
    String huge = "x".repeat(50_000);
    NdjsonStream stream = stream("{\"a\":1}\n" + huge + "\n{\"b\":2}\n" + huge, 1000);
    assertEquals("{\"a\":1}", next(stream));
    assertEquals("{\"b\":2}", next(stream));
    assertNull(next(stream), "an oversized unterminated tail is dropped too");
  }

  @Test
  void keepsMultibyteCharactersWhole() throws IOException {
    NdjsonStream stream = stream("{\"city\":\"Jyväskylä\"}\n", 100);
    assertEquals("{\"city\":\"Jyväskylä\"}", next(stream));
  }

  @Test
  void acceptsALineOfExactlyTheLimit() throws IOException {
    String line = "y".repeat(1000);
    assertEquals(line, next(stream(line + "\n", 1000)));
    assertNull(next(stream("y".repeat(1001) + "\n", 1000)));
  }

  @Test
  void anOversizedLineKeepsOnlyItsStartAndItsSize() throws IOException {
    String start = "{\"correlationId\":\"big\",\"pad\":\"";
    String huge = start + "é".repeat(NdjsonStream.HEAD_BYTES) + "\"}";
    NdjsonStream stream = stream(huge + "\n{\"b\":2}\n", 1000);

    NdjsonStream.Line line = stream.next();
    assertTrue(line.oversized());
    assertEquals(huge.getBytes(StandardCharsets.UTF_8).length, line.oversizedBytes());
    assertTrue(line.text().startsWith(start), line.text().substring(0, 40));
    assertTrue(line.text().length() <= NdjsonStream.HEAD_BYTES);
    assertFalse(line.lossy(), "the cut does not split a character");
    assertFalse(line.text().contains("\ufffd"));
    assertEquals("{\"b\":2}", next(stream));
  }

  @Test
  void bytesThatAreNotUtf8MarkTheLineLossyButARealReplacementCharacterDoesNot() throws IOException {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}', '\n'};
    NdjsonStream.Line lossy = new NdjsonStream(new ByteArrayInputStream(bad), 100).next();
    assertTrue(lossy.lossy());
    assertEquals("{\"a\":\"\ufffd\"}", lossy.text());

    NdjsonStream.Line honest = stream("{\"a\":\"\ufffd\"}\n", 100).next();
    assertFalse(honest.lossy());
  }

  private static NdjsonStream stream(String body, int limit) {
    return new NdjsonStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limit);
  }

  /** The next whole line's text; oversized lines are skipped as a plain reader would. */
  private static String next(NdjsonStream stream) throws IOException {
    for (NdjsonStream.Line line = stream.next(); line != null; line = stream.next()) {
      if (!line.oversized()) {
        return line.text();
      }
    }
    return null;
  }
}
