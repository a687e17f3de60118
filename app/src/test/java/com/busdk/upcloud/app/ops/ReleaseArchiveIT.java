package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that {@code ./mvnw package} builds, unpacked into a temporary prefix the way
 * an operator would, runs from there with nothing but a JDK: {@code --version}, {@code --help} and
 * {@code --self-test}. Runs in {@code verify} (failsafe), after the archive exists.
 */
@Timeout(120)
class ReleaseArchiveIT {
  private static final String VERSION = System.getProperty("release.version");
  private static final String TAG = System.getProperty("release.tag");

  @TempDir static Path prefix;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("release.archive"));
    assertTrue(Files.isRegularFile(archive), "built by package: " + archive);
    Result tar = exec(prefix, List.of("tar", "-xzf", archive.toString(), "-C", prefix.toString()));
    assertEquals(0, tar.code(), tar.output());
    home = prefix.resolve("bus-integration-upcloud-" + VERSION);
  }

  @Test
  void archiveHoldsLauncherJarUnitsEnvTemplatesAndDocs() throws IOException {
    Path launcher = home.resolve("bin/bus-integration-upcloud");
    assertTrue(
        Files.getPosixFilePermissions(launcher).contains(PosixFilePermission.OWNER_EXECUTE),
        "launcher is executable");
    assertTrue(Files.isRegularFile(home.resolve("lib/bus-integration-upcloud.jar")));
    assertTrue(Files.isRegularFile(home.resolve("LICENSE")));
    for (String mode : List.of("vm", "containers", "admin")) {
      assertTrue(
          Files.isRegularFile(
              home.resolve("deploy/systemd/bus-integration-upcloud-" + mode + ".service")),
          mode + " unit");
      assertTrue(
          Files.isRegularFile(
              home.resolve("deploy/env/bus-integration-upcloud-" + mode + ".env.example")),
          mode + " env template");
    }
    Path repo = Cli.repoRoot();
    for (String doc : List.of("README.md", "docs/operator-guide.md", "docs/embedding.md")) {
      if (Files.exists(repo.resolve(doc))) {
        assertEquals(Files.readString(repo.resolve(doc)), Files.readString(home.resolve(doc)), doc);
      }
    }
  }

  @Test
  void versionNamesTheVersionAndTheReleaseTag() throws Exception {
    Result r = launch("--version");
    assertEquals(0, r.code(), r.output());
    assertEquals(
        "bus-integration-upcloud " + VERSION + " (release " + TAG + ")", r.output().strip());
  }

  @Test
  void helpListsTheOptions() throws Exception {
    Result r = launch("--help");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().startsWith("Usage: bus-integration-upcloud"), r.output());
    assertTrue(r.output().contains("--check-config"), r.output());
    assertTrue(r.output().contains("--log-format"), r.output());
  }

  @Test
  void selfTestPassesFromTheUnpackedPrefix() throws Exception {
    Result r = launch("--self-test", "--log-format", "json");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("self-test OK"), r.output());
    assertTrue(
        r.output().lines().anyMatch(l -> l.startsWith("{\"ts\":") && l.contains("\"outcome\"")),
        "JSON log lines from the release jar's own logging:\n" + r.output());
  }

  private static Result launch(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/bus-integration-upcloud").toString());
    command.addAll(List.of(args));
    return exec(prefix, command);
  }

  private static Result exec(Path dir, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    Map<String, String> kept = new HashMap<>();
    for (String key : List.of("PATH", "HOME", "LANG", "TMPDIR")) {
      if (env.containsKey(key)) {
        kept.put(key, env.get(key));
      }
    }
    env.clear();
    env.putAll(kept);
    String javaHome = System.getProperty("java.home");
    env.put("JAVA_HOME", javaHome);
    env.put("PATH", javaHome + "/bin:" + kept.getOrDefault("PATH", "/usr/bin:/bin"));
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "process finished");
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private record Result(int code, String output) {}
}
