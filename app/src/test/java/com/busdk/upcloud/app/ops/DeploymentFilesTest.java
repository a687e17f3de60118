package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.ModeRequirements;
import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.Provider;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.config.WorkerMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units and env templates under {@code deploy/} match the runbook and the CLI: every
 * {@code ExecStart} flag exists and parses, every env key is one the worker (or its launcher)
 * reads, and templates carry placeholders, never real-looking secrets.
 */
class DeploymentFilesTest {
  private static final Path DEPLOY = Cli.repoRoot().resolve("deploy");
  private static final String BINARY = "/usr/local/bin/bus-integration-upcloud";
  private static final Pattern ENV_LINE = Pattern.compile("^(#\\s*)?([A-Z][A-Z0-9_]*)=(\\S*)$");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z0-9-]+>");

  /** Read by the launcher, not the worker; allowed in commented-out hints only. */
  private static final Set<String> LAUNCHER_KEYS = Set.of("JAVA_HOME", "BUS_JAVA_OPTS");

  @Test
  void everyModeHasAUnitAndAnEnvTemplate() throws IOException {
    try (Stream<Path> units = Files.list(DEPLOY.resolve("systemd"))) {
      assertEquals(
          List.of(
              "bus-integration-upcloud-admin.service",
              "bus-integration-upcloud-containers.service",
              "bus-integration-upcloud-vm.service"),
          units.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (String mode : List.of("vm", "containers", "admin")) {
      assertTrue(Files.isRegularFile(envTemplate(mode)), "env template for " + mode);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vm", "containers", "admin"})
  void unitFollowsTheRunbook(String mode) throws IOException {
    Map<String, List<String>> unit = parseUnit(unitFile(mode));
    assertEquals(List.of("bus"), unit.get("Service.User"));
    assertEquals(List.of("/var/lib/bus"), unit.get("Service.WorkingDirectory"));
    assertEquals(List.of("bus-integration-upcloud-" + mode), unit.get("Service.StateDirectory"));
    assertEquals(List.of("bus-integration-upcloud-" + mode), unit.get("Service.CacheDirectory"));
    assertEquals(List.of("0700"), unit.get("Service.CacheDirectoryMode"));
    assertEquals(
        List.of("/etc/bus/bus-integration-upcloud-" + mode + ".env"),
        unit.get("Service.EnvironmentFile"));
    assertEquals(List.of("on-failure"), unit.get("Service.Restart"));
    assertEquals(List.of("2"), unit.get("Service.RestartPreventExitStatus"));
    assertEquals(List.of("multi-user.target"), unit.get("Install.WantedBy"));
    assertEquals(List.of("network-online.target"), unit.get("Unit.Wants"));

    List<String> after = words(unit.get("Unit.After"));
    assertTrue(after.contains("network-online.target"), "After= " + after);
    assertTrue(after.contains("bus-api-provider-events.service"), "After= " + after);
    assertEquals(
        !mode.equals("vm"),
        after.contains("bus-integration-ssh-runner.service"),
        "After= " + after);
    List<String> before = words(unit.get("Unit.Before"));
    assertEquals(
        List.of(
            mode.equals("vm")
                ? "bus-api-provider-vm.service"
                : "bus-api-provider-containers.service"),
        before);

    List<String> exec = execStart(unit);
    assertEquals(BINARY, exec.get(0));
    assertEquals(
        List.of("--provider", "upcloud", "--events-url", "https://example.test/api/v1/events"),
        exec.subList(1, 5));

    String credentials = "/etc/bus/credentials/bus-integration-upcloud-" + mode + "/";
    assertEquals(
        List.of(
            "bus-api-token:" + credentials + "bus-api-token",
            "upcloud-token:" + credentials + "upcloud-token"),
        unit.get("Service.LoadCredential"));

    String health = exec.get(exec.indexOf("--health-listen") + 1);
    assertTrue(health.startsWith("127.0.0.1:"), health);
    List<String> post = words(unit.get("Service.ExecStartPost"));
    assertEquals("-/usr/bin/curl", post.get(0), "a readiness wait that never kills the worker");
    assertEquals("http://" + health + "/readyz", post.get(post.size() - 1));
  }

  @Test
  void everyUnitHasItsOwnHealthPort() throws IOException {
    Set<String> ports = new java.util.HashSet<>();
    for (String mode : List.of("vm", "containers", "admin")) {
      List<String> exec = execStart(parseUnit(unitFile(mode)));
      assertTrue(ports.add(exec.get(exec.indexOf("--health-listen") + 1)), mode);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vm", "containers", "admin"})
  void execStartFlagsExistAndParseWithTheEnvTemplate(String mode) throws IOException {
    List<String> args = execStart(parseUnit(unitFile(mode)));
    args = args.subList(1, args.size());
    Set<String> documented = Cli.flags();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        assertTrue(documented.contains(flag), flag + " is not a flag of the CLI");
      }
    }

    Map<String, String> env = activeEnv(mode);
    env.put("CREDENTIALS_DIRECTORY", credentials(parseUnit(unitFile(mode))).toString());
    // What systemd passes for StateDirectory=.
    env.put("STATE_DIRECTORY", "/var/lib/bus-integration-upcloud-" + mode);
    Settings settings = SettingsLoader.load(args.toArray(String[]::new), env);
    assertEquals(Path.of("/var/lib/bus-integration-upcloud-" + mode), settings.state().stateDir());
    assertEquals(
        com.busdk.upcloud.app.config.Secret.Kind.CREDENTIAL, settings.events().apiToken().kind());
    assertEquals(
        com.busdk.upcloud.app.config.Secret.Kind.CREDENTIAL, settings.upcloud().token().kind());
    ModeRequirements.verify(settings, WorkerMode.LISTENER);
    assertEquals(WorkerMode.LISTENER, settings.mode());
    assertEquals(Provider.UPCLOUD, settings.upcloud().provider());
    Modes modes = Modes.of(settings);
    switch (mode) {
      case "vm" -> assertEquals(new Modes(true, false, false), modes);
      case "containers" -> assertEquals(new Modes(false, true, false), modes);
      default -> assertEquals(new Modes(false, false, true), modes);
    }
    if (!mode.equals("vm")) {
      assertEquals(
          List.of(Path.of("/var/lib/bus/.ssh/bus_runner.pub")),
          settings.container().newRunner().sshKeys());
      assertEquals(
          "ai-platform-private-fi-hel2", settings.container().newRunner().privateNetwork());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vm", "containers", "admin"})
  void envTemplateHoldsOnlyKeysTheWorkerReadsAndPlaceholderSecrets(String mode) throws IOException {
    Set<String> workerKeys = new java.util.HashSet<>(Cli.envNames());
    assertTrue(workerKeys.containsAll(List.of("BUS_API_TOKEN", "UPCLOUD_TOKEN", "BUS_LOG_FORMAT")));
    workerKeys.add("BUSDK_RELEASE");

    List<String> lines = Files.readAllLines(envTemplate(mode));
    Map<String, String> active = new LinkedHashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      assertFalse(line.startsWith("export "), "systemd env files take no export: " + line);
      Matcher m = ENV_LINE.matcher(line);
      if (line.isEmpty() || (line.startsWith("#") && !m.matches())) {
        continue;
      }
      assertTrue(m.matches(), "not a KEY=value line: " + line);
      String key = m.group(2);
      boolean commented = m.group(1) != null;
      assertTrue(
          workerKeys.contains(key) || (commented && LAUNCHER_KEYS.contains(key)),
          key + " is not read by the worker");
      if (!commented) {
        active.put(key, m.group(3));
      }
    }
    assertTrue(active.get("BUSDK_RELEASE").matches("v\\d+\\.\\d+\\.\\d+"), "BUSDK_RELEASE");
    for (String secret : List.of("BUS_API_TOKEN", "UPCLOUD_TOKEN")) {
      assertFalse(
          active.containsKey(secret),
          secret + " comes from the unit's LoadCredential=; set here too it would be given twice");
      assertTrue(
          lines.stream()
              .anyMatch(l -> l.startsWith("# " + secret + "=") && PLACEHOLDER.matcher(l).find()),
          secret + " is shown as a commented <placeholder> for deployments without credentials");
    }
    String text = String.join("\n", lines);
    assertFalse(text.contains("eyJ"), "no JWT-looking value");
    assertFalse(text.contains("ucat_"), "no UpCloud-token-looking value");
  }

  /** A credentials directory as systemd would make it from the unit's LoadCredential= lines. */
  private static Path credentials(Map<String, List<String>> unit) throws IOException {
    Path dir = Files.createTempDirectory("credentials");
    for (String entry : unit.get("Service.LoadCredential")) {
      String name = entry.substring(0, entry.indexOf(':'));
      Files.writeString(
          dir.resolve(name),
          name.equals("bus-api-token")
              ? "a.b." + java.util.UUID.randomUUID()
              : "u-" + java.util.UUID.randomUUID());
    }
    return dir;
  }

  private static Path unitFile(String mode) {
    return DEPLOY.resolve("systemd/bus-integration-upcloud-" + mode + ".service");
  }

  private static Path envTemplate(String mode) {
    return DEPLOY.resolve("env/bus-integration-upcloud-" + mode + ".env.example");
  }

  private static Map<String, String> activeEnv(String mode) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(envTemplate(mode))) {
      Matcher m = ENV_LINE.matcher(line.strip());
      if (m.matches() && m.group(1) == null) {
        env.put(m.group(2), m.group(3));
      }
    }
    return env;
  }

  /** {@code Section.Key} to its values, in order; comments and blank lines skipped. */
  private static Map<String, List<String>> parseUnit(Path file) throws IOException {
    Map<String, List<String>> entries = new LinkedHashMap<>();
    String section = null;
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
        continue;
      }
      assertTrue(section != null, "entry outside a section: " + line);
      assertFalse(line.endsWith("\\"), "keep ExecStart= on one line: " + line);
      int eq = line.indexOf('=');
      assertTrue(eq > 0, "not a Key=value line: " + line);
      entries
          .computeIfAbsent(section + "." + line.substring(0, eq), k -> new ArrayList<>())
          .add(line.substring(eq + 1));
    }
    return entries;
  }

  private static List<String> execStart(Map<String, List<String>> unit) {
    List<String> exec = unit.get("Service.ExecStart");
    assertEquals(1, exec.size(), "one ExecStart=");
    assertFalse(exec.get(0).contains("$"), "ExecStart= is literal, no environment expansion");
    assertFalse(exec.get(0).contains("\""), "ExecStart= needs no quoting");
    return words(exec);
  }

  private static List<String> words(List<String> values) {
    if (values == null) {
      return List.of();
    }
    return values.stream().flatMap(v -> Arrays.stream(v.strip().split("\\s+"))).toList();
  }
}
