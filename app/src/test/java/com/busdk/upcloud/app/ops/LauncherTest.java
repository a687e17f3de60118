package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/bus-integration-upcloud} chooses a JDK and passes its options, run the
 * way an operator runs it, from an installed prefix. The JDKs here are stand-ins: a directory with
 * a {@code release} file and a {@code bin/java} script that prints what it was started with.
 */
@Timeout(60)
class LauncherTest {
  @TempDir Path dir;
  private Path prefix;
  private Path launcher;

  @BeforeEach
  void install() throws IOException {
    prefix = Files.createDirectories(dir.resolve("opt/bus-integration-upcloud"));
    launcher = Files.createDirectories(prefix.resolve("bin")).resolve("bus-integration-upcloud");
    Files.copy(Cli.repoRoot().resolve("bin/bus-integration-upcloud"), launcher);
    Files.createDirectories(prefix.resolve("lib"));
    Files.writeString(prefix.resolve("lib/bus-integration-upcloud.jar"), "not read by a fake JDK");
  }

  @Test
  void javaHomeOfVersion17OrNewerRunsTheInstalledJarWithTheDefaultOptions() throws Exception {
    Path jdk = jdk("jdk-21", "JAVA_VERSION=\"21.0.5\"");
    Result r = run(Map.of("JAVA_HOME", jdk.toString()), "--version");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("java=" + jdk.resolve("bin/java")), r.output());
    assertTrue(r.output().contains(" -XX:MaxRAM=256m "), r.output());
    assertTrue(r.output().contains(" -XX:+UseSerialGC "), r.output());
    assertTrue(
        r.output()
            .contains(
                " -jar " + prefix.toRealPath() + "/lib/bus-integration-upcloud.jar --version"),
        r.output());
    assertTrue(r.output().contains("arenas=2"), r.output());
  }

  @Test
  void anOlderJavaHomeIsPassedOverForTheJavaOnThePath() throws Exception {
    Path old = jdk("jdk-11", "JAVA_VERSION=\"11.0.2\"");
    Path current = jdk("jdk-17", "JAVA_VERSION=\"17.0.15\"");
    Result r =
        run(Map.of("JAVA_HOME", old.toString(), "PATH", current.resolve("bin").toString()), "-h");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("java=" + current.resolve("bin/java")), r.output());
  }

  @Test
  void aJdkWithoutAReleaseFileIsAskedForItsVersion() throws Exception {
    Path jdk = jdk("jdk-unlabelled", null);
    Result r = run(Map.of("JAVA_HOME", jdk.toString()), "--version");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("java=" + jdk.resolve("bin/java")), r.output());
  }

  @Test
  void withoutJava17OrNewerItSaysSoAndExits2() throws Exception {
    Path old = jdk("jdk-11", "JAVA_VERSION=\"11.0.2\"");
    Result r =
        run(
            Map.of("JAVA_HOME", old.toString(), "PATH", old.resolve("bin").toString()),
            "--version");
    assertEquals(2, r.code(), r.output());
    assertEquals(
        "bus-integration-upcloud: no Java 17 or newer found (set JAVA_HOME or put java on the PATH)",
        r.output().strip());
  }

  @Test
  void reachedThroughASymbolicLinkItFindsItsJarAndKeepsTheCallersDirectory() throws Exception {
    Path jdk = jdk("jdk-17", "JAVA_VERSION=\"17\"");
    Path link = Files.createDirectories(dir.resolve("usr/local/bin")).resolve("worker");
    Files.createSymbolicLink(link, launcher);
    Path work = Files.createDirectories(dir.resolve("work"));
    Result r = exec(work, List.of("/bin/bash", link.toString(), "--self-test"), jdkEnv(jdk));
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains(prefix.toRealPath() + "/lib/bus-integration-upcloud.jar"));
    assertTrue(r.output().contains("pwd=" + work.toRealPath()), r.output());
  }

  @Test
  void busJavaOptsReplaceTheDefaultsAndAnArchiveBesideTheJarIsUsed() throws Exception {
    Path jdk = jdk("jdk-17", "JAVA_VERSION=\"17\"");
    Files.writeString(prefix.resolve("lib/bus-integration-upcloud.jsa"), "archive");
    Map<String, String> env = jdkEnv(jdk);
    env.put("BUS_JAVA_OPTS", "-Xmx40m -Dx=1");
    Result r = exec(dir, List.of("/bin/bash", launcher.toString(), "--version"), env);
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains(" -Xmx40m -Dx=1 "), r.output());
    assertFalse(r.output().contains("MaxRAM"), r.output());
    assertTrue(
        r.output()
            .contains(
                "-XX:SharedArchiveFile="
                    + prefix.toRealPath()
                    + "/lib/bus-integration-upcloud.jsa"),
        r.output());
    // Mapped without relocation, and before BUS_JAVA_OPTS, so that an operator's option wins.
    int mapping = r.output().indexOf("-XX:ArchiveRelocationMode=0");
    assertTrue(mapping >= 0, r.output());
    assertTrue(mapping < r.output().indexOf("-Xmx40m"), r.output());
  }

  /** A stand-in JDK: {@code release} (when given) and a java that prints its arguments. */
  private Path jdk(String name, String release) throws IOException {
    Path home = Files.createDirectories(dir.resolve("jdks").resolve(name));
    if (release != null) {
      Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\n" + release + "\n");
    }
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    String version = release == null ? "21" : "";
    Files.writeString(
        java,
        "#!/bin/bash\n"
            + "if [ \"$1\" = -XshowSettings:properties ]; then\n"
            + "  echo '    java.specification.version = "
            + version
            + "'; exit 0\n"
            + "fi\n"
            + "echo \"java=$0 pwd=$PWD arenas=$MALLOC_ARENA_MAX args: $* \"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  private static Map<String, String> jdkEnv(Path jdk) {
    // The PATH has readlink for the symbolic link; its java is not consulted while JAVA_HOME is
    // new.
    return new HashMap<>(Map.of("JAVA_HOME", jdk.toString(), "PATH", "/usr/bin:/bin"));
  }

  private Result run(Map<String, String> extra, String arg) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("PATH", "/nonexistent"));
    env.putAll(extra);
    return exec(dir, List.of("/bin/bash", launcher.toString(), arg), env);
  }

  private static Result exec(Path cwd, List<String> command, Map<String, String> env)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    builder.redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "launcher finished");
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private record Result(int code, String output) {}
}
