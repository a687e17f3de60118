package com.busdk.upcloud.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.OSInfo;

/**
 * Where SQLite's native library is loaded from. Left to itself, the driver copies the library out
 * of the jar into a new file under {@code java.io.tmpdir} at every start and cleans up older
 * copies: a sixth of a one-shot mode's start-up. Instead one verified copy is kept in the worker's
 * cache directory (systemd's {@code CACHE_DIRECTORY}, else {@code $XDG_CACHE_HOME} or {@code
 * ~/.cache}, then {@code bus-integration-upcloud}); it is compared byte for byte with the jar's at
 * every start, and rewritten (atomically) when it differs. When no cache directory can be used, or
 * the operator set {@code org.sqlite.lib.path}, the driver's own loading is left as it is.
 */
final class SqliteNative {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);
  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";
  private static final String LIBRARY = "libsqlitejdbc.so";
  private static final String CACHE_NAME = "bus-integration-upcloud";
  private static volatile boolean prepared;

  private SqliteNative() {}

  /** Points the driver at the cached library, once per process; never fails. */
  static void prepare() {
    if (prepared) {
      return;
    }
    synchronized (SqliteNative.class) {
      if (!prepared) {
        prepare(System.getenv());
        prepared = true;
      }
    }
  }

  /**
   * Points the driver at a cached copy in the cache directory {@code env} names.
   *
   * @return the copy the driver will load, or null when its own loading is left as it is
   */
  static Path prepare(Map<String, String> env) {
    if (System.getProperty(PATH_PROPERTY) != null || !OSInfo.getOSName().equals("Linux")) {
      return null;
    }
    Path dir = cacheDirectory(env);
    if (dir == null) {
      return null;
    }
    String resource =
        "/org/sqlite/native/"
            + OSInfo.getNativeLibFolderPathForCurrentOS().replace('\\', '/')
            + "/"
            + LIBRARY;
    try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Path target = cached(dir, in.readAllBytes());
      System.setProperty(PATH_PROPERTY, target.getParent().toString());
      System.setProperty(NAME_PROPERTY, target.getFileName().toString());
      return target;
    } catch (IOException | RuntimeException e) {
      LOG.debug("SQLite's native library is loaded the driver's way: {}", e.toString());
      return null;
    }
  }

  /**
   * The cache directory for the native library, created owner-only when missing; null when there is
   * none to use.
   */
  static Path cacheDirectory(Map<String, String> env) {
    String base = firstOf(env.get("CACHE_DIRECTORY"), null);
    Path dir;
    if (base != null) {
      // systemd's CacheDirectory= is already the service's own; several are ':'-separated.
      dir = Path.of(base.split(":")[0]);
    } else {
      String xdg = firstOf(env.get("XDG_CACHE_HOME"), null);
      String home = firstOf(env.get("HOME"), System.getProperty("user.home"));
      if (xdg == null && home == null) {
        return null;
      }
      dir = (xdg != null ? Path.of(xdg) : Path.of(home, ".cache")).resolve(CACHE_NAME);
    }
    dir = dir.resolve("native");
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        trySetOwnerOnly(dir);
      }
      return Files.isWritable(dir) ? dir : null;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** The library's copy in {@code dir}, written when missing or different from {@code bytes}. */
  static Path cached(Path dir, byte[] bytes) throws IOException {
    Path target = dir.resolve(LIBRARY);
    if (Files.isRegularFile(target)
        && Files.size(target) == bytes.length
        && Arrays.equals(Files.readAllBytes(target), bytes)) {
      return target;
    }
    Path temp = Files.createTempFile(dir, LIBRARY, ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  private static void trySetOwnerOnly(Path dir) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException | UnsupportedOperationException e) {
      // Not a POSIX file system: the directory keeps its default permissions.
    }
  }

  private static String firstOf(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
