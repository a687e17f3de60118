package com.busdk.upcloud.domain.container;

import com.busdk.upcloud.ports.RunOutput;
import com.busdk.upcloud.ports.ScriptResult;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a run's output to the limit. The run script already cuts each stream on the runner after one
 * byte more than the limit, so more than the limit means the stream was truncated.
 */
final class OutputCap {
  private OutputCap() {}

  static RunOutput of(ScriptResult result, long limitBytes) {
    String out = cut(result.stdout(), limitBytes);
    String err = cut(result.stderr(), limitBytes);
    return new RunOutput(
        out,
        out.length() != result.stdout().length(),
        err,
        err.length() != result.stderr().length());
  }

  /** The longest prefix of {@code text} of at most {@code limitBytes} UTF-8 bytes. */
  static String cut(String text, long limitBytes) {
    if (text.length() * 3L <= limitBytes) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= limitBytes) {
      return text;
    }
    long used = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (used + len > limitBytes) {
        break;
      }
      used += len;
      i += Character.charCount(cp);
    }
    return text.substring(0, i);
  }
}
