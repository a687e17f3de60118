package com.busdk.upcloud.app.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads a token from a file ({@code *_FILE}, a systemd credential): the whole content, surrounding
 * whitespace and the final newline removed. Problems are reported without quoting the content.
 */
public final class SecretFiles {
  /** A token file holds one token; anything larger is some other file. */
  static final int MAX_BYTES = 64 * 1024;

  private static final Pattern INNER_WHITESPACE = Pattern.compile("\\s");

  private SecretFiles() {}

  /**
   * @throws IllegalArgumentException naming the problem: missing, unreadable, empty, too large, or
   *     more than one word
   */
  public static String read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(file + " is not readable (permission denied)");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " cannot be read: " + e.getClass().getSimpleName());
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          file + " is larger than " + (MAX_BYTES / 1024) + " KiB; it should hold only the token");
    }
    String text = new String(bytes, UTF_8).strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(file + " is empty");
    }
    if (INNER_WHITESPACE.matcher(text).find()) {
      throw new IllegalArgumentException(
          file + " holds more than one word; it should hold only the token");
    }
    return text;
  }
}
