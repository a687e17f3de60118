package com.busdk.upcloud.journal;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    String folder = platformFolder();
    if (System.getProperty(PATH_PROPERTY) != null || folder == null) {
      return null;
    }
    Path dir = cacheDirectory(env);
    URL resource = SqliteNative.class.getResource("/org/sqlite/native/" + folder + "/" + LIBRARY);
    if (dir == null || resource == null) {
      return null;
    }
    try {
      Path target = cached(dir, Library.of(resource));
      System.setProperty(PATH_PROPERTY, target.getParent().toString());
      System.setProperty(NAME_PROPERTY, target.getFileName().toString());
      return target;
    } catch (IOException | RuntimeException e) {
      LOG.debug("SQLite's native library is loaded the driver's way: {}", e.toString());
      return null;
    }
  }

  /**
   * The driver's folder of native libraries for this JVM ({@code Linux/x86_64}, {@code
   * Linux-Musl/aarch64}), worked out without the driver's {@code OSInfo}, which starts {@code
   * uname} to tell: null on other systems, which the driver then handles itself.
   */
  static String platformFolder() {
    String os = System.getProperty("os.name", "");
    String arch =
        switch (System.getProperty("os.arch", "")) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch64";
          default -> null;
        };
    if (!os.equals("Linux") || arch == null) {
      return null;
    }
    try {
      // The C library this JVM runs on is among its mappings: musl's loader is named ld-musl-*.
      boolean musl = Files.readString(Path.of("/proc/self/maps")).contains("/ld-musl-");
      return (musl ? "Linux-Musl/" : "Linux/") + arch;
    } catch (IOException | RuntimeException e) {
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

  /**
   * The library as the jar holds it: its size and CRC-32 (from the jar's directory, so an unchanged
   * copy is recognised without inflating the entry) and a way to read it.
   */
  record Library(long size, long crc, ByteSource bytes) {
    /** Reads the whole library. */
    interface ByteSource {
      byte[] read() throws IOException;
    }

    static Library of(URL resource) throws IOException {
      ByteSource bytes =
          () -> {
            try (InputStream in = resource.openStream()) {
              return in.readAllBytes();
            }
          };
      if (resource.openConnection() instanceof JarURLConnection jar) {
        jar.setUseCaches(true);
        JarEntry entry = jar.getJarEntry();
        if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
          return new Library(entry.getSize(), entry.getCrc(), bytes);
        }
      }
      return of(bytes.read());
    }

    static Library of(byte[] content) {
      CRC32 crc = new CRC32();
      crc.update(content);
      return new Library(content.length, crc.getValue(), () -> content);
    }
  }

  /** The library's copy in {@code dir}, written when missing or different from {@code library}. */
  static Path cached(Path dir, Library library) throws IOException {
    Path target = dir.resolve(LIBRARY);
    if (Files.isRegularFile(target)
        && Files.size(target) == library.size()
        && crcOf(target) == library.crc()) {
      return target;
    }
    byte[] bytes = library.bytes().read();
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

  private static long crcOf(Path file) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(file));
    return crc.getValue();
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
