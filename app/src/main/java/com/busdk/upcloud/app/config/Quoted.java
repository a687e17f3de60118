package com.busdk.upcloud.app.config;

/**
 * Quotes user-supplied values for one-line diagnostics: escapes control characters, caps length.
 */
final class Quoted {
  private static final int MAX_CHARS = 80;

  private Quoted() {}

  static String of(String value) {
    String shown = value.length() > MAX_CHARS ? value.substring(0, MAX_CHARS) + "..." : value;
    StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
