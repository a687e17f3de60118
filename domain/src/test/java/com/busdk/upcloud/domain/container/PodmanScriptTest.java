package com.busdk.upcloud.domain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the rendered scripts with a real {@code /bin/sh}. {@code timeout} and {@code podman} are
 * stand-ins that append their argv, NUL-separated (so even newlines inside an argument are exact),
 * to a log file, which proves what the remote shell would really execute.
 */
class PodmanScriptTest {
  @TempDir Path dir;
  private Path sentinel;

  @BeforeEach
  void standIns() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    sentinel = dir.resolve("pwned");
    write(
        bin.resolve("timeout"),
        "#!/bin/sh\nprintf '%s\\0' timeout \"$@\" >>\"$ARGV_LOG\"\nexit \"${FAKE_TIMEOUT_EXIT:-0}\"\n");
    write(
        bin.resolve("podman"), "#!/bin/sh\nprintf '%s\\0' podman \"$@\" >>\"$ARGV_LOG\"\nexit 0\n");
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static List<String> words(String output) {
    List<String> words = new ArrayList<>(Arrays.asList(output.split("\0", -1)));
    words.remove(words.size() - 1);
    return words;
  }

  private List<String> runAndCollect(String script, Map<String, String> env, int[] exit)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh");
    builder.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    Path log = dir.resolve("argv.log");
    Files.deleteIfExists(log);
    builder.environment().put("ARGV_LOG", log.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(script.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "sh finished");
    assertEquals("", out + err, "the script itself printed nothing");
    exit[0] = process.exitValue();
    return words(Files.readString(log, StandardCharsets.UTF_8));
  }

  private static final List<String> HOSTILE =
      List.of(
          "it's",
          "say \"hi\"",
          "$(touch PWNED)",
          "`touch PWNED`",
          "line one\nline two",
          "a; touch PWNED",
          "x && touch PWNED",
          "| touch PWNED",
          "ünïcödé ✓ 日本",
          "with  spaces",
          "",
          "$HOME",
          "\\",
          "*",
          "'",
          "''\"\"",
          "--privileged");

  private PodmanRun hostileRun(List<String> command, Map<String, String> env) {
    return new PodmanRun(
        PodmanScript.containerName("run_1"),
        "docker.io/library/alpine:3.20",
        command,
        env,
        "/workspace",
        "slirp4netns",
        "1g",
        true,
        "1000:1000",
        1800);
  }

  @Test
  void hostileArgumentsReachPodmanAsExactArgv() throws Exception {
    List<String> command =
        HOSTILE.stream().map(s -> s.replace("PWNED", sentinel.toString())).toList();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("Z_LAST", "$(touch " + sentinel + ")'; echo \"x\"");
    env.put("A_EMPTY", "");
    env.put("M_NEWLINE", "one\ntwo");

    int[] exit = new int[1];
    List<String> argv =
        runAndCollect(PodmanScript.runScript(hostileRun(command, env)), Map.of(), exit);

    List<String> expected = new ArrayList<>();
    expected.addAll(
        List.of(
            "timeout",
            "-k",
            "10",
            "1800",
            "podman",
            "run",
            "--rm",
            "--name",
            "bus-run_1",
            "--read-only",
            "--tmpfs",
            "/workspace:rw,size=1g",
            "--workdir",
            "/workspace",
            "--network",
            "slirp4netns",
            "--user",
            "1000:1000",
            "-e",
            "A_EMPTY=",
            "-e",
            "M_NEWLINE=one\ntwo",
            "-e",
            "Z_LAST=$(touch " + sentinel + ")'; echo \"x\"",
            "docker.io/library/alpine:3.20"));
    expected.addAll(command);
    assertEquals(expected, argv);
    assertEquals(0, exit[0]);
    assertFalse(Files.exists(sentinel), "no requester text was executed");
  }

  @Test
  void optionalFlagsAreLeftOutAndAnEmptyCommandKeepsTheImageDefault() throws Exception {
    PodmanRun run =
        new PodmanRun(
            "bus-run_2", "alpine", List.of(), Map.of(), "/w", "none", "64m", false, null, 5);

    int[] exit = new int[1];
    List<String> argv = runAndCollect(PodmanScript.runScript(run), Map.of(), exit);

    assertEquals(
        List.of(
            "timeout",
            "-k",
            "10",
            "5",
            "podman",
            "run",
            "--rm",
            "--name",
            "bus-run_2",
            "--tmpfs",
            "/w:rw,size=64m",
            "--workdir",
            "/w",
            "--network",
            "none",
            "alpine"),
        argv);
  }

  @Test
  void aRunThatTimesOutIsRemovedAndKeepsExitCode124() throws Exception {
    int[] exit = new int[1];
    List<String> argv =
        runAndCollect(
            PodmanScript.runScript(hostileRun(List.of("sleep", "99"), Map.of())),
            Map.of("FAKE_TIMEOUT_EXIT", "124"),
            exit);

    assertEquals(124, exit[0]);
    List<String> tail = argv.subList(argv.size() - 4, argv.size());
    assertEquals(List.of("podman", "rm", "-f", "bus-run_1"), tail);
  }

  @Test
  void theContainerExitCodeIsTheScriptExitCode() throws Exception {
    int[] exit = new int[1];
    List<String> argv =
        runAndCollect(
            PodmanScript.runScript(hostileRun(List.of("false"), Map.of())),
            Map.of("FAKE_TIMEOUT_EXIT", "3"),
            exit);

    assertEquals(3, exit[0]);
    assertFalse(argv.contains("rm"), "only a timed-out run needs an explicit removal");
  }

  @Test
  void theKillScriptRemovesTheNamedContainer() throws Exception {
    String name = PodmanScript.containerName("run_'$(x)");
    int[] exit = new int[1];
    List<String> argv = runAndCollect(PodmanScript.killScript(name), Map.of(), exit);

    assertEquals(List.of("podman", "rm", "-f", name), argv);
  }

  @Test
  void containerNamesAreRestrictedAndStillDistinct() {
    assertEquals("bus-run_abc-1.2", PodmanScript.containerName("run_abc-1.2"));
    String a = PodmanScript.containerName("run a");
    String b = PodmanScript.containerName("run_a");
    String c = PodmanScript.containerName("run;a");
    assertTrue(a.matches("[a-zA-Z0-9_.-]+"), a);
    assertTrue(c.matches("[a-zA-Z0-9_.-]+"), c);
    assertNotEquals(a, b);
    assertNotEquals(a, c);
    String longName = PodmanScript.containerName("x".repeat(500));
    assertTrue(longName.length() < 80, longName);
    assertNotEquals(longName, PodmanScript.containerName("x".repeat(501)));
    assertTrue(PodmanScript.containerName("ünï\n").matches("[a-zA-Z0-9_.-]+"));
  }

  @Test
  void quotingIsSingleQuotesAndRejectsNul() {
    assertEquals("''", ShellQuote.quote(""));
    assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
    assertEquals("'$(x)'", ShellQuote.quote("$(x)"));
    assertThrows(IllegalArgumentException.class, () -> ShellQuote.quote("a\0b"));
  }
}
