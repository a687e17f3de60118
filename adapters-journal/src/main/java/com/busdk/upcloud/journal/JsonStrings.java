package com.busdk.upcloud.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's arguments as a JSON array of strings, so the column reads as what it is in the {@code
 * sqlite3} shell and SQLite's JSON functions work on it. The adapter carries no JSON library for
 * one array of strings.
 */
final class JsonStrings {
  private JsonStrings() {}

  static String encode(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(values.get(i), out);
    }
    return out.append(']').toString();
  }

  /**
   * The strings of a JSON array of strings.
   *
   * @throws IllegalArgumentException when {@code json} is anything else
   */
  static List<String> decode(String json) {
    Parser parser = new Parser(json);
    List<String> values = parser.array();
    parser.end();
    return values;
  }

  private static void quote(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    List<String> array() {
      List<String> values = new ArrayList<>();
      skipSpace();
      expect('[');
      skipSpace();
      if (peek() == ']') {
        at++;
        return values;
      }
      while (true) {
        skipSpace();
        values.add(string());
        skipSpace();
        char next = next();
        if (next == ']') {
          return values;
        }
        if (next != ',') {
          throw malformed("expected , or ]");
        }
      }
    }

    void end() {
      skipSpace();
      if (at != text.length()) {
        throw malformed("trailing text");
      }
    }

    private String string() {
      expect('"');
      StringBuilder value = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return value.toString();
        }
        if (c != '\\') {
          value.append(c);
          continue;
        }
        char escaped = next();
        switch (escaped) {
          case '"', '\\', '/' -> value.append(escaped);
          case 'b' -> value.append('\b');
          case 'f' -> value.append('\f');
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case 'u' -> value.append(unicode());
          default -> throw malformed("bad escape");
        }
      }
    }

    private char unicode() {
      int code = 0;
      for (int i = 0; i < 4; i++) {
        int digit = Character.digit(next(), 16);
        if (digit < 0) {
          throw malformed("bad \\u escape");
        }
        code = code * 16 + digit;
      }
      return (char) code;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private char peek() {
      if (at >= text.length()) {
        throw malformed("unexpected end");
      }
      return text.charAt(at);
    }

    private char next() {
      char c = peek();
      at++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw malformed("expected " + c);
      }
    }

    private IllegalArgumentException malformed(String why) {
      return new IllegalArgumentException(
          "not a JSON array of strings (" + why + " at offset " + at + ")");
    }
  }
}
