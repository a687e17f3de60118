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

  private record Ran(String out, String err, int exit) {}

  private Ran runRaw(String script, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh");
    builder.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    builder.environment().put("ARGV_LOG", dir.resolve("argv.log").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(script.getBytes(StandardCharsets.UTF_8));
    }
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread reader =
        new Thread(
            () -> {
              try {
                err.complete(
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                err.completeExceptionally(e);
              }
            });
    reader.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "sh finished");
    return new Ran(out, err.get(20, TimeUnit.SECONDS), process.exitValue());
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
        PodmanScript.containerName("owner-a", "run_1"),
        Map.of(RunLabels.RUN, "run_1", RunLabels.GROUP, "g"),
        "docker.io/library/alpine:3.20",
        command,
        env,
        "/workspace",
        new PodmanRun.Sandbox("slirp4netns", "1g", true, "1000:1000"),
        new PodmanRun.Bounds(1800, 1 << 20));
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
            PodmanScript.containerName("owner-a", "run_1"),
            "--label",
            "io.busdk.group=g",
            "--label",
            "io.busdk.run=run_1",
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
            "bus-run_2",
            Map.of(),
            "alpine",
            List.of(),
            Map.of(),
            "/w",
            new PodmanRun.Sandbox("none", "64m", false, null),
            new PodmanRun.Bounds(5, 1024));

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
    assertEquals(
        List.of("podman", "rm", "-f", PodmanScript.containerName("owner-a", "run_1")), tail);
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
  void theRemoveScriptRemovesTheNamedContainerAndSaysWhetherItWasThere() throws Exception {
    String name = PodmanScript.containerName("owner", "run_'$(x)");
    Ran there = runRaw(PodmanScript.removeScript(name), Map.of());
    assertEquals("removed\n", there.out());
    assertEquals(
        List.of("podman", "container", "exists", name, "podman", "rm", "-f", name),
        words(Files.readString(dir.resolve("argv.log"), StandardCharsets.UTF_8)));

    write(dir.resolve("bin").resolve("podman"), "#!/bin/sh\nexit 1\n");
    assertEquals("absent\n", runRaw(PodmanScript.removeScript(name), Map.of()).out());
  }

  @Test
  void labelsReachPodmanAndTheListScriptFiltersByThem() throws Exception {
    Map<String, String> labels =
        RunLabels.of("run_1", "someone", "group-1", "worker-1", java.time.Instant.EPOCH);
    PodmanRun run =
        new PodmanRun(
            "bus-x",
            labels,
            "alpine",
            List.of("true"),
            Map.of(),
            "/w",
            new PodmanRun.Sandbox("none", "64m", false, null),
            new PodmanRun.Bounds(5, 1024));
    List<String> argv = runAndCollect(PodmanScript.runScript(run), Map.of(), new int[1]);
    assertTrue(argv.contains(RunLabels.RUN + "=run_1"), argv.toString());
    assertTrue(argv.contains(RunLabels.OWNER + "=" + RunLabels.ownerDigest("someone")));
    assertFalse(String.join(" ", argv).contains("someone"), "the identity itself is not labelled");

    runAndCollect(PodmanScript.listScript(Map.of(RunLabels.GROUP, "g'1")), Map.of(), new int[1]);
    List<String> ps = words(Files.readString(dir.resolve("argv.log"), StandardCharsets.UTF_8));
    assertEquals(
        List.of("podman", "ps", "--filter", "label=io.busdk.group=g'1", "--format"),
        ps.subList(0, 5));
  }

  @Test
  void listLinesParseIntoLiveContainersAndOthersAreSkipped() {
    var live = PodmanScript.parseListLine("run_1\tabc\t2026-01-01T00:00:00Z\talpine\tbus-run_1-x");
    assertTrue(live.isPresent());
    assertEquals("run_1", live.get().runId());
    assertEquals("bus-run_1-x", live.get().containerName());
    assertFalse(PodmanScript.parseListLine("").isPresent());
    assertFalse(PodmanScript.parseListLine("garbage").isPresent());
  }

  @Test
  void outputIsCutOnTheRunnerOneByteAfterTheLimitAndTheExitCodeKept() throws Exception {
    write(
        dir.resolve("bin").resolve("timeout"),
        "#!/bin/sh\nhead -c 5000 /dev/zero | tr '\\0' o\nhead -c 7000 /dev/zero | tr '\\0' e >&2\n"
            + "exit 7\n");
    PodmanRun run =
        new PodmanRun(
            "bus-big",
            Map.of(),
            "alpine",
            List.of("x"),
            Map.of(),
            "/w",
            new PodmanRun.Sandbox("none", "64m", false, null),
            new PodmanRun.Bounds(5, 100));
    Ran ran = runRaw(PodmanScript.runScript(run), Map.of());
    assertEquals(7, ran.exit());
    assertEquals("o".repeat(101), ran.out());
    assertEquals("e".repeat(101), ran.err());

    Ran small = runRaw(PodmanScript.runScript(run).replace("5000", "1"), Map.of());
    assertEquals(7, small.exit());
  }

  @Test
  void containerNamesAreRestrictedAndStillDistinct() {
    assertTrue(PodmanScript.containerName("o", "run_abc-1.2").startsWith("bus-run_abc-1.2-"));
    String a = PodmanScript.containerName("o", "run a");
    String b = PodmanScript.containerName("o", "run_a");
    String c = PodmanScript.containerName("o", "run;a");
    assertTrue(a.matches("[a-zA-Z0-9_.-]+"), a);
    assertTrue(c.matches("[a-zA-Z0-9_.-]+"), c);
    assertNotEquals(a, b);
    assertNotEquals(a, c);
    assertNotEquals(
        PodmanScript.containerName("owner-a", "run_1"),
        PodmanScript.containerName("owner-b", "run_1"),
        "two owners' runs of one id never share a container");
    assertEquals(
        PodmanScript.containerName("owner-a", "run_1"),
        PodmanScript.containerName("owner-a", "run_1"),
        "every replica derives the same name");
    String longName = PodmanScript.containerName("o", "x".repeat(500));
    assertTrue(longName.length() < 80, longName);
    assertNotEquals(longName, PodmanScript.containerName("o", "x".repeat(501)));
    assertTrue(PodmanScript.containerName("o", "ünï\n").matches("[a-zA-Z0-9_.-]+"));
  }

  @Test
  void quotingIsSingleQuotesAndRejectsNul() {
    assertEquals("''", ShellQuote.quote(""));
    assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
    assertEquals("'$(x)'", ShellQuote.quote("$(x)"));
    assertThrows(IllegalArgumentException.class, () -> ShellQuote.quote("a\0b"));
  }
}
