package com.busdk.upcloud.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeTest {
  @TempDir Path dir;

  @Test
  void theCacheDirectoryIsSystemdsThenXdgThenHomeAndOwnerOnly() throws Exception {
    Path systemd = dir.resolve("systemd");
    assertEquals(
        systemd.resolve("native"),
        SqliteNative.cacheDirectory(
            Map.of("CACHE_DIRECTORY", systemd + ":" + dir.resolve("other"), "HOME", "/nowhere")));
    Path xdg = dir.resolve("xdg");
    Path fromXdg = SqliteNative.cacheDirectory(Map.of("XDG_CACHE_HOME", xdg.toString()));
    assertEquals(xdg.resolve("bus-integration-upcloud").resolve("native"), fromXdg);
    assertEquals(
        Set.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE),
        Files.getPosixFilePermissions(fromXdg));
    Path home = dir.resolve("home");
    assertEquals(
        home.resolve(".cache").resolve("bus-integration-upcloud").resolve("native"),
        SqliteNative.cacheDirectory(Map.of("HOME", home.toString())));
  }

  @Test
  void aCacheDirectoryThatCannotBeCreatedMeansNone() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertNull(SqliteNative.cacheDirectory(Map.of("CACHE_DIRECTORY", file.toString())));
  }

  @Test
  void theLibraryIsWrittenOnceAndRewrittenWhenItDiffers() throws Exception {
    byte[] library = "ELF one".getBytes(StandardCharsets.US_ASCII);
    Path copy = SqliteNative.cached(dir, SqliteNative.Library.of(library));
    assertArrayEquals(library, Files.readAllBytes(copy));
    FileTime old = FileTime.fromMillis(0);
    Files.setLastModifiedTime(copy, old);
    assertEquals(copy, SqliteNative.cached(dir, SqliteNative.Library.of(library)));
    assertEquals(old, Files.getLastModifiedTime(copy), "an identical copy is not rewritten");

    Files.writeString(copy, "ELF 0ne");
    byte[] other = "ELF two, longer".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(
        library, Files.readAllBytes(SqliteNative.cached(dir, SqliteNative.Library.of(library))));
    assertArrayEquals(
        other, Files.readAllBytes(SqliteNative.cached(dir, SqliteNative.Library.of(other))));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void thePlatformIsTheOneTheDriverWouldChoose() {
    assertEquals(
        org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS(), SqliteNative.platformFolder());
  }

  @Test
  void theDriverIsPointedAtAVerifiedCopyOfTheJarsLibraryUnlessTheOperatorChoseOne()
      throws Exception {
    String path = System.getProperty(SqliteNative.PATH_PROPERTY);
    String name = System.getProperty(SqliteNative.NAME_PROPERTY);
    try {
      System.clearProperty(SqliteNative.PATH_PROPERTY);
      Path copy = SqliteNative.prepare(Map.of("XDG_CACHE_HOME", dir.toString()));
      assertEquals(dir.resolve("bus-integration-upcloud/native/libsqlitejdbc.so"), copy);
      assertEquals(copy.getParent().toString(), System.getProperty(SqliteNative.PATH_PROPERTY));
      assertEquals("libsqlitejdbc.so", System.getProperty(SqliteNative.NAME_PROPERTY));
      byte[] bytes = Files.readAllBytes(copy);
      assertTrue(bytes.length > 100_000, "the native library, not a stub: " + bytes.length);
      assertEquals(0x7f, bytes[0]);
      assertEquals('E', bytes[1]);

      System.setProperty(SqliteNative.PATH_PROPERTY, "/operator/choice");
      assertNull(SqliteNative.prepare(Map.of("XDG_CACHE_HOME", dir.resolve("b").toString())));
      assertEquals("/operator/choice", System.getProperty(SqliteNative.PATH_PROPERTY));
    } finally {
      restore(SqliteNative.PATH_PROPERTY, path);
      restore(SqliteNative.NAME_PROPERTY, name);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
