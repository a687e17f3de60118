package com.busdk.upcloud.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HelpTextTest {
  /** Flag, environment variable, default and help section, as the option reference states them. */
  private record Documented(String flag, String env, String defaultValue, String section) {}

  private static final String MODES = "Modes";
  private static final String EVENTS = "Events API";
  private static final String UPCLOUD = "UpCloud and VM";
  private static final String CONTAINER = "Container runner";
  private static final String RUNNER = "Runner lifecycle";
  private static final String WORKER = "Worker and logging";
  private static final String STATE = "Run state and limits";

  private static final List<Documented> REFERENCE =
      List.of(
          new Documented("--help", null, null, MODES),
          new Documented("--self-test", null, null, MODES),
          new Documented("--check-vm-status", null, null, MODES),
          new Documented("--once", null, null, MODES),
          new Documented("--events-url", "BUS_EVENTS_API_URL", null, EVENTS),
          new Documented("--provider", "BUS_UPCLOUD_PROVIDER", "static", UPCLOUD),
          new Documented(
              "--upcloud-api-url", "UPCLOUD_API_BASE_URL", "https://api.upcloud.com/1.3", UPCLOUD),
          new Documented("--vm-name", "UPCLOUD_VM_NAME", null, UPCLOUD),
          new Documented(
              "--container-runner-name", "UPCLOUD_CONTAINER_RUNNER_NAME", null, CONTAINER),
          new Documented(
              "--container-codex-image",
              "UPCLOUD_CONTAINER_CODEX_IMAGE",
              "docker.io/library/alpine:3.20",
              CONTAINER),
          new Documented("--container-zone", "UPCLOUD_CONTAINER_ZONE", "fi-hel2", CONTAINER),
          new Documented(
              "--container-plan", "UPCLOUD_CONTAINER_PLAN", "CLOUDNATIVE-1xCPU-4GB", CONTAINER),
          new Documented(
              "--container-os",
              "UPCLOUD_CONTAINER_OS",
              "Ubuntu Server 24.04 LTS (Noble Numbat)",
              CONTAINER),
          new Documented(
              "--container-os-storage-size", "UPCLOUD_CONTAINER_OS_STORAGE_SIZE", "0", CONTAINER),
          new Documented(
              "--container-network-mode", "UPCLOUD_CONTAINER_NETWORK_MODE", "private", CONTAINER),
          new Documented(
              "--container-private-network",
              "UPCLOUD_CONTAINER_PRIVATE_NETWORK_NAME",
              "ai-platform-private-<container-zone>",
              CONTAINER),
          new Documented("--container-private-ip", "UPCLOUD_CONTAINER_PRIVATE_IP", null, CONTAINER),
          new Documented("--container-ssh-keys", "UPCLOUD_CONTAINER_SSH_KEYS", null, CONTAINER),
          new Documented("--container-ssh-target", "UPCLOUD_CONTAINER_SSH_TARGET", null, CONTAINER),
          new Documented(
              "--container-ssh-users",
              "UPCLOUD_CONTAINER_USERNAME_CANDIDATES",
              "root ubuntu",
              CONTAINER),
          new Documented(
              "--container-run-network", "UPCLOUD_CONTAINER_RUN_NETWORK", "slirp4netns", CONTAINER),
          new Documented(
              "--container-run-tmpfs-size", "UPCLOUD_CONTAINER_RUN_TMPFS_SIZE", "1g", CONTAINER),
          new Documented(
              "--container-run-read-only", "UPCLOUD_CONTAINER_RUN_READ_ONLY", "true", CONTAINER),
          new Documented("--container-run-user", "UPCLOUD_CONTAINER_RUN_USER", null, CONTAINER),
          new Documented(
              "--container-run-workdir", "UPCLOUD_CONTAINER_RUN_WORKDIR", "/workspace", CONTAINER),
          new Documented(
              "--container-run-timeout", "UPCLOUD_CONTAINER_RUN_TIMEOUT", "30m", CONTAINER),
          new Documented(
              "--container-start-timeout", "UPCLOUD_CONTAINER_START_TIMEOUT", "10m", CONTAINER),
          new Documented("--runner-dns-servers", "BUS_RUNNER_DNS_SERVERS", null, RUNNER),
          new Documented("--runner-netplan-mode", "BUS_RUNNER_NETPLAN_MODE", "mac-match", RUNNER),
          new Documented("--runner-apply-netplan", "BUS_RUNNER_APPLY_NETPLAN", "false", RUNNER),
          new Documented(
              "--runner-delete-stop-first", "BUS_RUNNER_DELETE_STOP_FIRST", "true", RUNNER),
          new Documented(
              "--runner-delete-ready-states", "BUS_RUNNER_DELETE_READY_STATES", "stopped", RUNNER),
          new Documented(
              "--runner-transient-states",
              "BUS_RUNNER_TRANSIENT_STATES",
              "maintenance,pending",
              RUNNER),
          new Documented("--runner-delete-timeout", "BUS_RUNNER_DELETE_TIMEOUT", "10m", RUNNER),
          new Documented(
              "--runner-delete-poll-interval", "BUS_RUNNER_DELETE_POLL_INTERVAL", "5s", RUNNER),
          new Documented("--runner-delete-storage", "BUS_RUNNER_DELETE_STORAGE", "true", RUNNER),
          new Documented(
              "--runner-ssh-ready-timeout", "BUS_RUNNER_SSH_READY_TIMEOUT", "10m", RUNNER),
          new Documented(
              "--runner-ssh-ready-poll-interval",
              "BUS_RUNNER_SSH_READY_POLL_INTERVAL",
              "5s",
              RUNNER));

  /** Options the design adds to the reference. */
  private static final List<Documented> EXTENSIONS =
      List.of(
          new Documented("--version", null, null, MODES),
          new Documented("--events", null, null, MODES),
          new Documented("--local", null, null, MODES),
          new Documented("--check-config", null, null, MODES),
          new Documented("--format", null, "text", MODES),
          new Documented("--events-group", "BUS_EVENTS_GROUP", "bus-integration-upcloud", EVENTS),
          new Documented("--events-consumer", "BUS_EVENTS_CONSUMER", null, EVENTS),
          new Documented("--vm-action-timeout", "UPCLOUD_VM_ACTION_TIMEOUT", "45s", UPCLOUD),
          new Documented("--upcloud-poll-interval", "UPCLOUD_POLL_INTERVAL", "5s", UPCLOUD),
          new Documented(
              "--container-runner-provisioning",
              "UPCLOUD_CONTAINER_RUNNER_PROVISIONING",
              "create",
              CONTAINER),
          new Documented("--runner-admin", "BUS_UPCLOUD_RUNNER_ADMIN", "false", RUNNER),
          new Documented("--state-dir", "BUS_UPCLOUD_STATE_DIR", null, STATE),
          new Documented("--journal-max-runs", "BUS_UPCLOUD_JOURNAL_MAX_RUNS", "10000", STATE),
          new Documented(
              "--journal-max-run-bytes", "BUS_UPCLOUD_JOURNAL_MAX_RUN_BYTES", "256m", STATE),
          new Documented(
              "--journal-max-answers", "BUS_UPCLOUD_JOURNAL_MAX_ANSWERS", "10000", STATE),
          new Documented(
              "--journal-max-answer-bytes", "BUS_UPCLOUD_JOURNAL_MAX_ANSWER_BYTES", "256m", STATE),
          new Documented(
              "--container-output-limit", "BUS_UPCLOUD_CONTAINER_OUTPUT_LIMIT", "1m", STATE),
          new Documented("--local-port", "BUS_LOCAL_PORT", "8081", WORKER),
          new Documented("--health-listen", "BUS_UPCLOUD_HEALTH_LISTEN", null, WORKER),
          new Documented("--max-in-flight", "BUS_WORKER_MAX_IN_FLIGHT", "16", WORKER),
          new Documented("--shutdown-grace", "BUS_WORKER_SHUTDOWN_GRACE", "30s", WORKER),
          new Documented("--log-format", "BUS_LOG_FORMAT", "text", WORKER),
          new Documented("--log-level", "BUS_LOG_LEVEL", "info", WORKER));

  private static final List<Documented> ENVIRONMENT_ONLY =
      List.of(
          new Documented(null, "BUS_API_TOKEN", null, EVENTS),
          new Documented(null, "BUS_API_TOKEN_FILE", null, EVENTS),
          new Documented(null, "BUS_EVENTS_LISTENER_RETRY", "true", EVENTS),
          new Documented(null, "BUS_EVENTS_LISTENER_RETRY_MIN", "1s", EVENTS),
          new Documented(null, "BUS_EVENTS_LISTENER_RETRY_MAX", "30s", EVENTS),
          new Documented(null, "BUS_EVENTS_LISTENER_REQUIRED", "true", EVENTS),
          new Documented(null, "BUS_EVENTS_TOKEN_REFRESH", "false", EVENTS),
          new Documented(null, "UPCLOUD_TOKEN", null, UPCLOUD),
          new Documented(null, "UPCLOUD_TOKEN_FILE", null, UPCLOUD));

  private static final List<String> SECTIONS =
      List.of(MODES, EVENTS, UPCLOUD, CONTAINER, RUNNER, STATE, WORKER);

  private final String usage = SettingsLoader.usage();

  @Test
  void listsEveryReferenceOptionUnderItsConcernWithEnvAndDefault() {
    REFERENCE.forEach(this::assertDocumented);
  }

  @Test
  void listsEveryDesignExtension() {
    EXTENSIONS.forEach(this::assertDocumented);
  }

  @Test
  void listsEveryEnvironmentOnlyVariable() {
    ENVIRONMENT_ONLY.forEach(this::assertDocumented);
  }

  @Test
  void documentsNothingElse() {
    List<String> flags = new ArrayList<>();
    Matcher rows = Pattern.compile("(?m)^\\s+(?:-h, )?(--[a-z-]+)[=\\[]?").matcher(usage);
    while (rows.find()) {
      flags.add(rows.group(1));
    }
    List<String> expected = new ArrayList<>();
    REFERENCE.forEach(d -> expected.add(d.flag()));
    EXTENSIONS.forEach(d -> expected.add(d.flag()));
    assertEquals(expected.stream().sorted().toList(), flags.stream().sorted().toList());
  }

  @Test
  void showsTheUsageLineAndTheValueRules() {
    assertTrue(usage.startsWith("Usage: bus-integration-upcloud [OPTION...]"), usage);
    assertTrue(squeeze(usage).contains(squeeze("integer environment values are seconds")));
    assertTrue(squeeze(usage).contains(squeeze("Booleans accept 1 true yes on 0 false no off")));
  }

  private void assertDocumented(Documented documented) {
    String row = row(documented);
    if (documented.env() != null) {
      assertTrue(squeeze(row).contains(squeeze(documented.env())), documented + " in " + row);
    }
    if (documented.defaultValue() != null) {
      assertTrue(
          squeeze(row).contains(squeeze("Default: " + documented.defaultValue() + ".")),
          documented + " in " + row);
    }
    assertEquals(documented.section(), sectionAt(usage.indexOf(row)), documented.toString());
  }

  /** The option's row: from its name to the start of the next row or section. */
  private String row(Documented documented) {
    String name =
        documented.flag() != null
            ? "(?:-h, )?" + Pattern.quote(documented.flag()) + "(?:=|\\[=|\\s)"
            : Pattern.quote(documented.env()) + "=";
    Matcher start = Pattern.compile("(?m)^ {2,6}" + name).matcher(usage);
    assertTrue(start.find(), "missing from help: " + documented);
    Matcher next = Pattern.compile("(?m)^(?: {2,6}[-A-Z]|\\S)").matcher(usage);
    int end = next.find(start.end()) ? next.start() : usage.length();
    return usage.substring(start.start(), end);
  }

  private String sectionAt(int index) {
    String found = null;
    for (String section : SECTIONS) {
      int heading = usage.indexOf("\n" + section + ":\n");
      if (heading >= 0 && heading < index) {
        found = section;
      }
    }
    return found;
  }

  /** Picocli wraps long descriptions, sometimes inside a word; compare without whitespace. */
  private static String squeeze(String text) {
    return text.replaceAll("\\s+", "");
  }
}
