package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Frames an NDJSON body into lines as the bytes arrive. Blank lines are keep-alives and are
 * skipped. A line longer than the limit is never buffered whole: only its first {@link #HEAD_BYTES}
 * are kept, so one huge event can neither exhaust memory nor end the stream, and yet the start of
 * it can still say whom to tell. Bytes that are not UTF-8 are decoded as U+FFFD and the line is
 * marked lossy, so that nothing read from it is echoed as if it had been sent so.
 */
final class NdjsonStream implements Closeable {
  /** How much of an oversized line is kept to find out whose event it was. */
  static final int HEAD_BYTES = 64 * 1024;

  /**
   * One line without its terminator.
   *
   * @param text the line; for an oversized line, its first bytes (cut at a character boundary)
   * @param lossy whether some bytes were not valid UTF-8 and became U+FFFD in {@code text}
   * @param oversizedBytes the whole line's length when it was over the limit, else 0
   */
  record Line(String text, boolean lossy, long oversizedBytes) {
    boolean oversized() {
      return oversizedBytes > 0;
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[8192];
  private final CharsetDecoder strict =
      UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] line = new byte[1024];
  private int position;
  private int limit;

  NdjsonStream(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive");
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  int maxLineBytes() {
    return maxLineBytes;
  }

  /** The next non-blank line, or null at end of stream. */
  Line next() throws IOException {
    int kept = 0;
    long length = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          // The last line of a body may lack its newline; it is still a whole event.
          return length > 0 ? frame(kept, length, true) : null;
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      int room = (length > maxLineBytes ? HEAD_BYTES : maxLineBytes) - kept;
      int keep = (int) Math.min(chunk, Math.max(0, room));
      if (keep > 0) {
        ensureCapacity(kept + keep);
        System.arraycopy(buffer, start, line, kept, keep);
        kept += keep;
      }
      length += chunk;
      if (length > maxLineBytes && kept > HEAD_BYTES) {
        kept = HEAD_BYTES;
      }
      if (position < limit) {
        position++;
        Line framed = frame(kept, length, false);
        if (framed != null) {
          return framed;
        }
        kept = 0;
        length = 0;
      }
    }
  }

  /** The line of {@code length} bytes of which {@code kept} are held; null for a blank line. */
  private Line frame(int kept, long length, boolean atEnd) {
    if (length > maxLineBytes) {
      if (atEnd) {
        // An oversized tail without its newline was cut off: there is no event to speak of.
        return null;
      }
      int head = characterBoundary(kept);
      return decode(head, length);
    }
    int end = kept;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    Line decoded = decode(end, 0);
    return decoded.text().isBlank() ? null : decoded;
  }

  private Line decode(int length, long oversizedBytes) {
    String text = new String(line, 0, length, UTF_8);
    boolean lossy = false;
    if (text.indexOf('\ufffd') >= 0) {
      // Rare: either a real U+FFFD was sent, or bytes were not UTF-8. Only a strict decode knows.
      try {
        strict.reset();
        strict.decode(ByteBuffer.wrap(line, 0, length));
      } catch (CharacterCodingException e) {
        lossy = true;
      }
    }
    return new Line(text, lossy, oversizedBytes);
  }

  /** Drops a character that the cut may have split, so the head decodes cleanly. */
  private int characterBoundary(int kept) {
    int end = kept;
    while (end > 0 && (line[end - 1] & 0xC0) == 0x80) {
      end--;
    }
    if (end > 0 && (line[end - 1] & 0x80) != 0) {
      end--;
    }
    return end;
  }

  private void ensureCapacity(int needed) {
    if (needed > line.length) {
      line = Arrays.copyOf(line, (int) Math.min(Math.max(needed, 2L * line.length), maxCapacity()));
    }
  }

  private int maxCapacity() {
    return Math.max(maxLineBytes, HEAD_BYTES);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
