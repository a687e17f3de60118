package com.busdk.upcloud.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.ConfigException;
import com.busdk.upcloud.app.config.ModeRequirements;
import com.busdk.upcloud.app.config.Modes;
import com.busdk.upcloud.app.config.Provider;
import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.config.WorkerMode;
import com.busdk.upcloud.app.provider.FileSshKeys;
import com.busdk.upcloud.app.runtime.ExitCodes;
import com.busdk.upcloud.app.runtime.Version;
import com.busdk.upcloud.domain.container.Provisioning;
import com.busdk.upcloud.events.EventsUrl;
import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.upcloud.UpCloudServers;
import com.busdk.upcloud.upcloud.UpCloudSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code --check-config}: the preflight an operator runs before enabling the service. It checks the
 * listener configuration, what the Bus API token says (audience, scopes, expiry; decoded, not
 * verified), that the Events API accepts the token, that UpCloud accepts {@code UPCLOUD_TOKEN} and
 * shows the configured servers, and that the SSH public key files a new runner needs are usable.
 *
 * <p>Prints one line per check, {@code ok|warn|fail <check>: <detail>}, and never a token. Exit
 * codes: 0 when no check failed (warnings allowed), 1 when a check failed, 2 when the configuration
 * is unusable for listener mode (missing URL, token or names), so nothing else could be checked.
 */
public final class CheckConfig {
  /** A token expiring sooner than this gets a warning: time to rotate it. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(7);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_ERROR_BODY = 4096;
  private static final int MAX_DETAIL = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An OpenSSH public key line: key type, then the base64 key. */
  private static final Pattern PUBLIC_KEY =
      Pattern.compile(
          "^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)\\s+[A-Za-z0-9+/]+=*(\\s|$)");

  private final Settings settings;
  private final Map<String, String> env;
  private final PrintStream out;
  private final Clock clock;
  private boolean failed;

  public CheckConfig(Settings settings, Map<String, String> env, PrintStream out) {
    this(settings, env, out, Clock.systemUTC());
  }

  public CheckConfig(Settings settings, Map<String, String> env, PrintStream out, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.env = Map.copyOf(requireNonNull(env, "env is null"));
    this.out = requireNonNull(out, "out is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Runs every check and returns the exit code. */
  public int run() {
    try {
      ModeRequirements.verify(settings, WorkerMode.LISTENER);
    } catch (ConfigException e) {
      fail("configuration", e.getMessage());
      return ExitCodes.CONFIGURATION;
    }
    Modes modes = Modes.of(settings);
    boolean upcloud = settings.upcloud().provider() == Provider.UPCLOUD;
    ok("configuration", describe(modes));
    checkRelease();
    StateDirCheck.Result state = StateDirCheck.check(settings.state());
    if (state.ok()) {
      ok("run journal", state.detail());
    } else {
      fail("run journal", state.detail());
    }
    AccessNeeds needs = AccessNeeds.of(modes, upcloud);
    checkToken(needs);
    checkEventsApi(needs.probeEvent());
    if (upcloud) {
      checkUpCloud(modes);
    } else {
      ok("upcloud", "provider static: no UpCloud calls, no UPCLOUD_TOKEN needed");
    }
    return failed ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
  }

  private String describe(Modes modes) {
    List<String> sets = new ArrayList<>();
    if (modes.vm()) {
      sets.add("vm" + named(settings.upcloud().vmName()));
    }
    if (modes.containers()) {
      sets.add("containers" + named(settings.container().runnerName()));
    }
    if (modes.runnerAdmin()) {
      sets.add("runner-admin");
    }
    return "provider "
        + settings.upcloud().provider().wire()
        + ", listeners "
        + String.join(", ", sets)
        + ", events "
        + EventsUrl.normalize(settings.events().eventsUrl().toString());
  }

  private static String named(String name) {
    return name == null ? "" : " (" + name + ")";
  }

  /** The runbook's convention: every service env file names the same BusDK release. */
  private void checkRelease() {
    String built = Version.release();
    String configured = env.get("BUSDK_RELEASE");
    if (configured == null || configured.isBlank()) {
      ok("release", "built from " + built + "; BUSDK_RELEASE is not set");
    } else if (configured.strip().equals(built)) {
      ok("release", "built from " + built + ", matching BUSDK_RELEASE");
    } else if (built.equals("dev")) {
      warn("release", "development build; BUSDK_RELEASE says " + configured.strip());
    } else {
      warn(
          "release",
          "built from "
              + built
              + " but BUSDK_RELEASE is "
              + configured.strip()
              + ": deploy one release set");
    }
  }

  private void checkToken(AccessNeeds needs) {
    TokenClaims claims;
    try {
      claims = TokenClaims.decode(settings.events().apiToken().reveal());
    } catch (IllegalArgumentException e) {
      fail("token", "BUS_API_TOKEN is " + e.getMessage());
      return;
    }
    ok(
        "token",
        "subject "
            + orNone(claims.subject())
            + ", audience "
            + orNone(String.join(" ", claims.audiences()))
            + ", scopes "
            + orNone(String.join(" ", claims.scopes()))
            + ", expires "
            + claims.expiry().map(Instant::toString).orElse("(never)"));
    ok("token source", tokenSource());
    checkAudience(needs, claims);
    checkScopes(needs, claims);
    checkExpiry(claims.expiry());
  }

  /** Where BUS_API_TOKEN comes from and whether the worker re-reads it. */
  private String tokenSource() {
    Secret token = settings.events().apiToken();
    String source = token.source();
    if (settings.events().tokenRefresh()) {
      return source + ", re-read on 401/403 and before it expires (BUS_EVENTS_TOKEN_REFRESH)";
    }
    return source
        + (token.file().isPresent()
            ? ", read once at start (set BUS_EVENTS_TOKEN_REFRESH=1 to re-read it)"
            : ", read once at start");
  }

  private void checkAudience(AccessNeeds needs, TokenClaims claims) {
    List<String> missing =
        needs.audiences().stream().filter(a -> !claims.audiences().contains(a)).toList();
    if (missing.isEmpty()) {
      ok("token audience", String.join(" ", needs.audiences()));
      return;
    }
    List<String> reasons =
        missing.stream()
            .map(
                a ->
                    a
                        + (a.equals(AccessNeeds.INTERNAL_AUDIENCE)
                            ? " (runner administration)"
                            : " (VM and container events)"))
            .toList();
    fail(
        "token audience",
        "token is for "
            + orNone(String.join(" ", claims.audiences()))
            + "; this mode needs "
            + String.join(" and ", reasons));
  }

  private void checkScopes(AccessNeeds needs, TokenClaims claims) {
    List<String> missing =
        needs.scopes().keySet().stream().filter(s -> !claims.scopes().contains(s)).toList();
    if (missing.isEmpty()) {
      ok("token scopes", "has " + String.join(" ", needs.scopes().keySet()));
      return;
    }
    fail(
        "token scopes",
        "lacks "
            + missing.stream()
                .map(s -> s + " (" + String.join(", ", needs.scopes().get(s)) + ")")
                .collect(Collectors.joining(", "))
            + "; this mode needs "
            + String.join(" ", needs.scopes().keySet()));
  }

  private void checkExpiry(Optional<Instant> expiry) {
    if (expiry.isEmpty()) {
      warn("token expiry", "token has no exp claim");
      return;
    }
    Instant now = clock.instant();
    Instant exp = expiry.get();
    if (!exp.isAfter(now)) {
      fail(
          "token expiry",
          "expired at "
              + exp
              + " ("
              + span(Duration.between(exp, now))
              + " ago): issue a new token and restart the service");
    } else if (Duration.between(now, exp).compareTo(EXPIRY_WARNING) < 0) {
      warn(
          "token expiry",
          "expires at " + exp + " (in " + span(Duration.between(now, exp)) + "): rotate it soon");
    } else {
      ok("token expiry", "expires at " + exp + " (in " + span(Duration.between(now, exp)) + ")");
    }
  }

  /** One non-following stream request: it opens, replays nothing and ends, consuming no event. */
  private void checkEventsApi(String eventName) {
    URI collection = EventsUrl.normalize(settings.events().eventsUrl().toString());
    URI stream =
        URI.create(
            collection + "/stream?name=" + URLEncoder.encode(eventName, UTF_8) + "&follow=false");
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(stream)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + settings.events().apiToken().reveal())
            .header("Accept", "application/x-ndjson")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      try (InputStream body = response.body()) {
        if (status == 200) {
          ok("events api", collection + " accepted the token for a " + eventName + " stream");
        } else if (status == 401 || status == 403) {
          fail(
              "events api",
              "Events API refused the stream for "
                  + eventName
                  + " ("
                  + status
                  + ")"
                  + serverMessage(body).map(m -> ": " + m).orElse(""));
        } else {
          fail(
              "events api",
              collection
                  + " answered HTTP "
                  + status
                  + " for a "
                  + eventName
                  + " stream"
                  + serverMessage(body).map(m -> ": " + m).orElse(""));
        }
      }
    } catch (IOException e) {
      fail("events api", "cannot reach " + collection + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("events api", "interrupted");
    }
  }

  private void checkUpCloud(Modes modes) {
    Secret token = settings.upcloud().token();
    ok(
        "upcloud token source",
        token.source()
            + (token.file().isPresent()
                ? ", re-read when it changes or UpCloud answers 401"
                : ", read once at start"));
    CloudServers cloud =
        UpCloudServers.create(
            UpCloudSettings.of(
                    settings.upcloud().apiUrl().toString(), settings.upcloud().token().reveal())
                .withRetries(1, Duration.ofMillis(200), TimeSource.system())
                .withTimeouts(CONNECT_TIMEOUT, REQUEST_TIMEOUT));
    boolean reachable = !modes.vm() || lookUpVm(cloud);
    String runner = settings.container().runnerName();
    if (runner == null) {
      return;
    }
    reachable = reachable && lookUpRunner(cloud, runner);
    if (settings.container().provisioning() == Provisioning.CREATE) {
      if (reachable) {
        checkRunnerCreation(cloud);
      }
      checkSshKeys(settings.container().newRunner().sshKeys());
    }
  }

  /** Returns false when later UpCloud calls would only repeat a failure. */
  private boolean lookUpVm(CloudServers cloud) {
    String name = settings.upcloud().vmName();
    try {
      Optional<ServerDetails> vm = cloud.find(name);
      if (vm.isPresent()) {
        ok("upcloud vm", "\"" + name + "\" found: " + server(vm.get()));
      } else {
        fail(
            "upcloud vm",
            "\""
                + name
                + "\" not found: UpCloud lists no server with that name or UUID for this"
                + " UPCLOUD_TOKEN");
      }
      return true;
    } catch (CloudException e) {
      return cloudFailure("upcloud vm", e);
    }
  }

  private boolean lookUpRunner(CloudServers cloud, String name) {
    Provisioning provisioning = settings.container().provisioning();
    try {
      Optional<ServerDetails> runner = cloud.find(name);
      if (runner.isPresent()) {
        ok("upcloud runner", "\"" + name + "\" found: " + server(runner.get()));
      } else if (provisioning == Provisioning.CREATE) {
        warn(
            "upcloud runner",
            "\""
                + name
                + "\" not found: it will be created on the first container request"
                + " (provisioning create)");
      } else {
        fail(
            "upcloud runner",
            "\""
                + name
                + "\" not found and provisioning is "
                + provisioning.wire()
                + ": create the server or use --container-runner-provisioning create");
      }
      return true;
    } catch (CloudException e) {
      return cloudFailure("upcloud runner", e);
    }
  }

  /** What creating the runner needs from UpCloud besides the credential. */
  private void checkRunnerCreation(CloudServers cloud) {
    var container = settings.container().newRunner();
    try {
      if (container.networkMode() == ServerSpec.NetworkMode.PRIVATE) {
        if (cloud.findNetwork(container.zone(), container.privateNetwork()).isPresent()) {
          ok(
              "upcloud network",
              "private network \""
                  + container.privateNetwork()
                  + "\" found in "
                  + container.zone());
        } else {
          fail(
              "upcloud network",
              "private network \""
                  + container.privateNetwork()
                  + "\" not found in "
                  + container.zone()
                  + ": a new runner could not be attached; set --container-private-network");
        }
      }
      if (cloud.findTemplate(container.os()).isPresent()) {
        ok("upcloud template", "\"" + container.os() + "\" found");
      } else {
        fail(
            "upcloud template",
            "\"" + container.os() + "\" not found: a new runner could not be created");
      }
    } catch (CloudException e) {
      cloudFailure("upcloud", e);
    }
  }

  private void checkSshKeys(List<Path> files) {
    List<String> keys;
    try {
      keys = new FileSshKeys(files).publicKeys();
    } catch (WorkerException e) {
      fail("ssh keys", e.getMessage());
      return;
    }
    List<String> odd = keys.stream().filter(k -> !PUBLIC_KEY.matcher(k).find()).toList();
    String paths = files.stream().map(Path::toString).collect(Collectors.joining(" "));
    if (!odd.isEmpty()) {
      fail(
          "ssh keys",
          odd.size()
              + (odd.size() == 1 ? " line" : " lines")
              + " in "
              + paths
              + (odd.size() == 1
                  ? " does not look like an OpenSSH public key"
                  : " do not look like OpenSSH public keys")
              + " (key type, base64 key, comment)");
      return;
    }
    ok("ssh keys", keys.size() + " public key" + (keys.size() == 1 ? "" : "s") + " in " + paths);
  }

  /**
   * Reports a failed UpCloud call; returns false when later calls would only repeat it (refused
   * credential, unreachable API).
   */
  private boolean cloudFailure(String check, CloudException e) {
    switch (e.kind()) {
      case UNAUTHORIZED -> {
        fail(check, "UpCloud refused UPCLOUD_TOKEN (401): " + shorten(e.getMessage()));
        return false;
      }
      case IO -> {
        fail(
            check,
            "cannot reach UpCloud at "
                + settings.upcloud().apiUrl()
                + ": "
                + shorten(e.getMessage()));
        return false;
      }
      case FORBIDDEN ->
          fail(check, "UpCloud denied this UPCLOUD_TOKEN access (403): " + shorten(e.getMessage()));
      default -> fail(check, "UpCloud lookup failed: " + shorten(e.getMessage()));
    }
    return true;
  }

  private static String server(ServerDetails server) {
    return server.uuid()
        + (server.zone().isEmpty() ? "" : " in " + server.zone())
        + ", state "
        + server.providerState();
  }

  /** The server's {@code error.message}, which describes the request, never the token. */
  private static Optional<String> serverMessage(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
    try {
      JsonNode message = JSON.readTree(new String(bytes, UTF_8)).path("error").path("message");
      if (message.isTextual() && !message.textValue().isBlank()) {
        return Optional.of(shorten(message.textValue()));
      }
    } catch (IOException e) {
      // Not a JSON error body; the status alone has to do.
    }
    return Optional.empty();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : " " + shorten(message));
  }

  private static String shorten(String text) {
    String line = text == null ? "" : text.lines().findFirst().orElse("");
    return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
  }

  /** A coarse human span: {@code 3d 4h}, {@code 5h 10m}, {@code 42s}. */
  static String span(Duration d) {
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    if (minutes > 0) {
      return minutes + "m";
    }
    return d.toSecondsPart() + "s";
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? "(none)" : value;
  }

  private void ok(String check, String detail) {
    line("ok", check, detail);
  }

  private void warn(String check, String detail) {
    line("warn", check, detail);
  }

  private void fail(String check, String detail) {
    failed = true;
    line("fail", check, detail);
  }

  private void line(String status, String check, String detail) {
    out.println(String.format("%-4s  %s: %s", status, check, detail));
  }
}
