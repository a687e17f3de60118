package com.busdk.upcloud.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.runtime.Version;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.JwtHs256;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.upcloud.UpCloudSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check-config} against the embedded Events API and the UpCloud simulator: one precise
 * line for each wrong setup, the exit code, and never a token in the output.
 */
@Timeout(30)
class CheckConfigTest {
  private static final String SECRET = "check-config-test-signing-secret";
  private static final String VM = "ai-platform-gpu";
  private static final String RUNNER = "ai-platform-container-runner";
  private static final List<String> VM_SCOPES = List.of("vm:read", "vm:write");
  private static final List<String> CONTAINER_SCOPES =
      List.of("container:read", "container:run", "container:delete", "ssh:run");
  private static final String UPCLOUD_TOKEN =
      "ucat_" + UUID.randomUUID().toString().replace("-", "");

  private static EmbeddedEventsServer events;
  private static UpCloudSimulator cloud;
  @TempDir static Path stateDir;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    events = new EmbeddedEventsServer(0, SECRET).start();
    cloud = UpCloudSimulator.start(0, UPCLOUD_TOKEN, TimeSource.system());
    cloud.seedServer(VM, "started");
    cloud.seedPrivateNetwork("ai-platform-private-fi-hel2", "fi-hel2", "10.20.0.0/24");
  }

  @AfterAll
  static void stop() {
    events.close();
    cloud.close();
  }

  @Test
  void vmWorkerWithARightTokenPassesEveryCheck() {
    Cli.Result r = check(token(VM_SCOPES, Duration.ofDays(30)), "--vm-name", VM);
    assertEquals(0, r.code(), r.out());
    assertLine(r, "ok", "configuration", "provider upcloud, listeners vm (" + VM + ")");
    assertLine(r, "ok", "token", "subject bus-integration-upcloud, audience ai.hg.fi/api");
    assertLine(r, "ok", "token audience", "ai.hg.fi/api");
    assertLine(r, "ok", "token scopes", "has vm:read vm:write");
    assertLine(r, "ok", "token expiry", "(in 29d 23h)");
    assertLine(r, "ok", "events api", "accepted the token for a bus.vm.status.request stream");
    assertLine(r, "ok", "upcloud vm", "\"" + VM + "\" found");
    assertLine(r, "ok", "run journal", stateDir + " is writable");
    assertFalse(r.out().contains("fail"), r.out());
  }

  @Test
  void aMissingStateDirectoryFailsNamingItAndWritesNothing() {
    Path missing = stateDir.resolve("not-there");
    Cli.Result r =
        check(
            token(VM_SCOPES, Duration.ofDays(30)),
            "--vm-name",
            VM,
            "--state-dir",
            missing.toString());
    assertEquals(1, r.code(), r.out());
    assertLine(r, "fail", "run journal", missing + " does not exist or is not a directory");
    assertFalse(java.nio.file.Files.exists(missing), "the check created nothing");
  }

  @Test
  void tokenSourcesAreReportedWithoutTheTokens() throws IOException {
    Cli.Result fromEnv = check(token(VM_SCOPES, Duration.ofDays(30)), "--vm-name", VM);
    assertLine(
        fromEnv, "ok", "token source", "environment variable BUS_API_TOKEN, read once at start");
    assertLine(
        fromEnv, "ok", "upcloud token source", "environment variable UPCLOUD_TOKEN, read once");

    String busToken = token(VM_SCOPES, Duration.ofDays(30));
    Path busFile = Files.writeString(dir.resolve("bus-api-token"), busToken + "\n");
    Path credentials = Files.createDirectories(dir.resolve("credentials"));
    Files.writeString(credentials.resolve("upcloud-token"), UPCLOUD_TOKEN);
    Map<String, String> env = env(busToken);
    env.remove("BUS_API_TOKEN");
    env.remove("UPCLOUD_TOKEN");
    env.put("BUS_API_TOKEN_FILE", busFile.toString());
    env.put("BUS_EVENTS_TOKEN_REFRESH", "1");
    env.put("CREDENTIALS_DIRECTORY", credentials.toString());
    Cli.Result r = run(env, "--vm-name", VM);
    assertEquals(0, r.code(), r.out());
    assertLine(
        r,
        "ok",
        "token source",
        "file "
            + busFile
            + " (BUS_API_TOKEN_FILE), re-read on 401/403 and before it expires"
            + " (BUS_EVENTS_TOKEN_REFRESH)");
    assertLine(r, "ok", "token expiry", "(in 29d 23h)");
    assertLine(
        r,
        "ok",
        "upcloud token source",
        "systemd credential upcloud-token ("
            + credentials.resolve("upcloud-token")
            + "), re-read when it changes or UpCloud answers 401");
    assertLine(r, "ok", "upcloud vm", "\"" + VM + "\" found");
    assertFalse(r.out().contains(busToken) || r.out().contains(UPCLOUD_TOKEN), r.out());
  }

  @Test
  void aTokenGivenTwiceExits2WithOneLine() throws IOException {
    String busToken = token(VM_SCOPES, Duration.ofDays(30));
    Path busFile = Files.writeString(dir.resolve("bus-api-token"), busToken);
    Map<String, String> env = env(busToken);
    env.put("BUS_API_TOKEN_FILE", busFile.toString());
    Cli.Result r = run(env, "--vm-name", VM);
    assertEquals(2, r.code(), r.err());
    assertEquals(
        "bus-integration-upcloud: BUS_API_TOKEN is given more than once: BUS_API_TOKEN and"
            + " BUS_API_TOKEN_FILE; set it in one place only",
        r.err().strip());
    assertFalse(r.err().contains(busToken));
  }

  @Test
  void missingScopeIsNamedWithTheEventsThatNeedIt() {
    Cli.Result r = check(token(List.of("vm:read"), Duration.ofDays(30)), "--vm-name", VM);
    assertEquals(1, r.code(), r.out());
    assertLine(
        r,
        "fail",
        "token scopes",
        "lacks vm:write (bus.vm.start, bus.vm.stop); this mode needs vm:read vm:write");
  }

  @Test
  void eventsApiRefusingTheStreamFailsWithTheServersReason() {
    Cli.Result r = check(token(List.of("vm:write"), Duration.ofDays(30)), "--vm-name", VM);
    assertEquals(1, r.code(), r.out());
    assertLine(
        r,
        "fail",
        "events api",
        "Events API refused the stream for bus.vm.status.request (403): token lacks scope vm:read");
  }

  @Test
  void tokenTheEventsApiDoesNotKnowIsRefusedWith401() {
    String foreign =
        new EmbeddedEventsServer(0, "another-secret")
            .mintToken("bus-integration-upcloud", "ai.hg.fi/api", VM_SCOPES, Duration.ofDays(30));
    Cli.Result r = check(foreign, "--vm-name", VM);
    assertEquals(1, r.code(), r.out());
    assertLine(r, "ok", "token scopes", "has vm:read vm:write");
    assertLine(
        r, "fail", "events api", "Events API refused the stream for bus.vm.status.request (401)");
  }

  @Test
  void runnerAdministrationNeedsTheInternalAudienceAndContainerAdmin() throws IOException {
    List<String> scopes = new ArrayList<>(CONTAINER_SCOPES);
    Cli.Result r =
        check(
            token(scopes, Duration.ofDays(30)),
            "--container-runner-name",
            RUNNER,
            "--container-ssh-keys",
            publicKey().toString(),
            "--runner-admin");
    assertEquals(1, r.code(), r.out());
    assertLine(
        r,
        "fail",
        "token audience",
        "token is for ai.hg.fi/api; this mode needs ai.hg.fi/internal (runner administration)");
    assertLine(
        r,
        "fail",
        "token scopes",
        "lacks container:admin (bus.containers.runner.status, bus.containers.runner.start,"
            + " bus.containers.runner.delete)");
  }

  @Test
  void expiredTokenFails() {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "bus-integration-upcloud");
    claims.put("aud", "ai.hg.fi/api");
    claims.put("scope", String.join(" ", VM_SCOPES));
    claims.put("iat", now - 7200);
    claims.put("exp", now - 3600);
    Cli.Result r = check(JwtHs256.sign(claims, SECRET), "--vm-name", VM);
    assertEquals(1, r.code(), r.out());
    assertLine(
        r,
        "fail",
        "token expiry",
        "expired at " + Instant.ofEpochSecond(now - 3600) + " (1h 0m ago): issue a new token");
    assertLine(r, "fail", "events api", "(401)");
  }

  @Test
  void tokenExpiringWithinAWeekWarnsButPasses() {
    Cli.Result r = check(token(VM_SCOPES, Duration.ofDays(2)), "--vm-name", VM);
    assertEquals(0, r.code(), r.out());
    assertLine(r, "warn", "token expiry", "(in 1d 23h): rotate it soon");
  }

  @Test
  void tokenThatIsNotAJwtFails() {
    Cli.Result r = check("not-a-jwt-" + UUID.randomUUID(), "--vm-name", VM);
    assertEquals(1, r.code(), r.out());
    assertLine(
        r,
        "fail",
        "token",
        "BUS_API_TOKEN is not a JWT: expected three dot-separated parts, found 1");
  }

  @Test
  void upCloudRefusingTheTokenFails() {
    Map<String, String> env = env(token(VM_SCOPES, Duration.ofDays(30)));
    env.put("UPCLOUD_TOKEN", "ucat_wrong" + UUID.randomUUID().toString().replace("-", ""));
    Cli.Result r = run(env, "--vm-name", VM);
    assertEquals(1, r.code(), r.out());
    assertLine(r, "fail", "upcloud vm", "UpCloud refused UPCLOUD_TOKEN (401)");
    assertFalse(r.out().contains(env.get("UPCLOUD_TOKEN")), r.out());
  }

  @Test
  void missingVmFails() {
    Cli.Result r = check(token(VM_SCOPES, Duration.ofDays(30)), "--vm-name", "no-such-vm");
    assertEquals(1, r.code(), r.out());
    assertLine(
        r,
        "fail",
        "upcloud vm",
        "\"no-such-vm\" not found: UpCloud lists no server with that name or UUID");
  }

  @Test
  void missingRunnerIsAWarningWhenItWouldBeCreated() throws IOException {
    Cli.Result r = containers(publicKey().toString());
    assertEquals(0, r.code(), r.out());
    assertLine(
        r,
        "warn",
        "upcloud runner",
        "\"" + RUNNER + "\" not found: it will be created on the first container request");
    assertLine(r, "ok", "upcloud network", "private network \"ai-platform-private-fi-hel2\" found");
    assertLine(r, "ok", "upcloud template", "found");
    assertLine(r, "ok", "ssh keys", "1 public key in " + dir.resolve("bus_runner.pub"));
    assertLine(
        r, "ok", "token scopes", "has container:read container:run container:delete ssh:run");
  }

  @Test
  void missingRunnerFailsWhenItMustExist() {
    Cli.Result r =
        check(
            token(CONTAINER_SCOPES, Duration.ofDays(30)),
            "--container-runner-name",
            RUNNER,
            "--container-runner-provisioning",
            "existing-only");
    assertEquals(1, r.code(), r.out());
    assertLine(
        r, "fail", "upcloud runner", "not found and provisioning is existing-only: create the");
    assertFalse(r.out().contains("ssh keys"), "keys matter only when creating: " + r.out());
  }

  @Test
  void unreadableKeyFileFails() throws IOException {
    Path notAFile = Files.createDirectory(dir.resolve("keys.pub"));
    Cli.Result r = containers(notAFile.toString());
    assertEquals(1, r.code(), r.out());
    assertLine(r, "fail", "ssh keys", "SSH public key file " + notAFile + " is not readable");

    Cli.Result missing = containers(dir.resolve("missing.pub").toString());
    assertLine(missing, "fail", "ssh keys", "missing.pub is not readable");
  }

  @Test
  void privateKeyFileOrNoKeyFails() throws IOException {
    Path privateKey = dir.resolve("id_ed25519");
    Files.writeString(
        privateKey,
        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
    assertLine(containers(privateKey.toString()), "fail", "ssh keys", "holds a private key");

    Path notAKey = dir.resolve("hostname.pub");
    Files.writeString(notAKey, "worker-1\n");
    assertLine(
        containers(notAKey.toString()),
        "fail",
        "ssh keys",
        "1 line in " + notAKey + " does not look like an OpenSSH public key");

    Cli.Result none =
        check(token(CONTAINER_SCOPES, Duration.ofDays(30)), "--container-runner-name", RUNNER);
    assertLine(none, "fail", "ssh keys", "no SSH public key configured");
  }

  @Test
  void unusableConfigurationExits2BeforeAnyNetworkCall() {
    Map<String, String> env = env(token(VM_SCOPES, Duration.ofDays(30)));
    env.remove("BUS_API_TOKEN");
    Cli.Result r = run(env, "--vm-name", VM);
    assertEquals(2, r.code(), r.out());
    assertLine(r, "fail", "configuration", "BUS_API_TOKEN is not set");
    assertEquals(1, r.out().lines().count(), r.out());
  }

  @Test
  void unreachableEventsApiFails() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env = env(token(VM_SCOPES, Duration.ofDays(30)));
    env.put("BUS_EVENTS_API_URL", "http://127.0.0.1:" + closedPort);
    Cli.Result r =
        Cli.run(
            env,
            "--check-config",
            "--provider",
            "static",
            "--upcloud-api-url",
            cloud.baseUrl(),
            "--vm-name",
            VM);
    assertEquals(1, r.code(), r.out());
    assertLine(
        r,
        "fail",
        "events api",
        "cannot reach http://127.0.0.1:" + closedPort + "/api/v1/events: ConnectException");
    assertLine(r, "ok", "upcloud", "provider static");
  }

  @Test
  void releaseTagIsComparedWithBusdkRelease() {
    Map<String, String> env = env(token(VM_SCOPES, Duration.ofDays(30)));
    env.put("BUSDK_RELEASE", "v9.9.9");
    Cli.Result r = run(env, "--vm-name", VM);
    assertEquals(0, r.code(), r.out());
    if (Version.release().equals("dev")) {
      assertLine(r, "warn", "release", "development build; BUSDK_RELEASE says v9.9.9");
    } else {
      assertLine(r, "warn", "release", "but BUSDK_RELEASE is v9.9.9: deploy one release set");
    }
    env.put("BUSDK_RELEASE", Version.release());
    assertLine(run(env, "--vm-name", VM), "ok", "release", "matching BUSDK_RELEASE");
  }

  private Cli.Result containers(String keys) {
    return check(
        token(CONTAINER_SCOPES, Duration.ofDays(30)),
        "--container-runner-name",
        RUNNER,
        "--container-ssh-keys",
        keys);
  }

  private Path publicKey() throws IOException {
    Path key = dir.resolve("bus_runner.pub");
    Files.writeString(
        key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExample bus@runner\n");
    return key;
  }

  private static String token(List<String> scopes, Duration ttl) {
    return events.mintToken("bus-integration-upcloud", "ai.hg.fi/api", scopes, ttl);
  }

  private static Map<String, String> env(String busToken) {
    Map<String, String> env = new HashMap<>();
    env.put("BUS_API_TOKEN", busToken);
    env.put("UPCLOUD_TOKEN", UPCLOUD_TOKEN);
    env.put("BUS_EVENTS_API_URL", events.collectionUrl().toString());
    env.put("BUS_UPCLOUD_STATE_DIR", stateDir.toString());
    return env;
  }

  private static Cli.Result check(String busToken, String... args) {
    return run(env(busToken), args);
  }

  /** Runs {@code --check-config} and checks that no secret of {@code env} was printed. */
  private static Cli.Result run(Map<String, String> env, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--check-config", "--provider", "upcloud", "--upcloud-api-url", cloud.baseUrl()));
    all.addAll(Arrays.asList(args));
    Cli.Result r = Cli.run(env, all.toArray(String[]::new));
    String printed = r.out() + r.err();
    for (String secret : List.of("BUS_API_TOKEN", "UPCLOUD_TOKEN")) {
      String value = env.get(secret);
      if (value != null) {
        assertFalse(printed.contains(value), secret + " printed:\n" + printed);
        String[] parts = value.split("\\.");
        assertFalse(printed.contains(parts[parts.length - 1]), secret + " part printed");
      }
    }
    return r;
  }

  private static void assertLine(Cli.Result r, String status, String check, String detail) {
    String prefix = String.format("%-4s  %s: ", status, check);
    assertTrue(
        r.out().lines().anyMatch(l -> l.startsWith(prefix) && l.contains(detail)),
        "expected a line starting '" + prefix + "' containing '" + detail + "' in:\n" + r.out());
  }
}
