package com.busdk.upcloud.events;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames an NDJSON body into lines as the bytes arrive. Blank lines are keep-alives and are
 * skipped; a line longer than the limit is dropped (and reported by size only) without buffering
 * it, so one bad event can neither exhaust memory nor end the stream.
 */
final class NdjsonStream implements Closeable {
  static final int MAX_LINE_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(NdjsonStream.class);

  private final InputStream in;
  private final String streamName;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;

  NdjsonStream(InputStream in, String streamName, int maxLineBytes) {
    this.in = in;
    this.streamName = streamName;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next non-blank line without its terminator, or null at end of stream. */
  String nextLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    boolean oversized = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (length > 0 && !oversized) {
            // The last line of a body may lack its newline; it is still a whole event.
            String text = decode(line);
            return text.isBlank() ? null : text;
          }
          return null;
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      length += chunk;
      if (!oversized) {
        if (length > maxLineBytes) {
          oversized = true;
          line.reset();
        } else {
          line.write(buffer, start, chunk);
        }
      }
      if (position < limit) {
        position++;
        if (oversized) {
          LOG.warn(
              "skipped a line of {} bytes on the {} stream: longer than {} bytes",
              length,
              streamName,
              maxLineBytes);
        } else {
          String text = decode(line);
          if (!text.isBlank()) {
            return text;
          }
        }
        line.reset();
        length = 0;
        oversized = false;
      }
    }
  }

  private static String decode(ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
