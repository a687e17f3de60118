package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens from the environment, from {@code *_FILE} files and from systemd credentials. */
class SecretSourcesTest {
  @TempDir Path tmp;

  @Test
  void theEnvironmentVariableIsReadAsBefore() {
    String token = Fixtures.mintToken();
    Secret secret = load(env("BUS_API_TOKEN", token)).events().apiToken();
    assertEquals(token, secret.reveal());
    assertEquals(Secret.Kind.ENVIRONMENT, secret.kind());
    assertEquals("environment variable BUS_API_TOKEN", secret.source());
    assertTrue(secret.file().isEmpty());
  }

  @Test
  void aTokenFileIsReadWithoutItsNewline() throws Exception {
    String token = Fixtures.mintToken();
    Path file = Files.writeString(tmp.resolve("token"), token + "\n");
    Secret secret = load(env("BUS_API_TOKEN_FILE", file.toString())).events().apiToken();
    assertEquals(token, secret.reveal());
    assertEquals(Secret.Kind.FILE, secret.kind());
    assertEquals(file, secret.file().orElseThrow());
    assertEquals("file " + file + " (BUS_API_TOKEN_FILE)", secret.source());
  }

  @Test
  void systemdCredentialsAreRead() throws Exception {
    String bus = Fixtures.mintToken();
    String upcloud = "ucat_" + Fixtures.mintToken().substring(0, 20);
    Files.writeString(tmp.resolve("bus-api-token"), bus);
    Files.writeString(tmp.resolve("upcloud-token"), upcloud + "\n");
    Settings settings = load(env("CREDENTIALS_DIRECTORY", tmp.toString()));
    assertEquals(bus, settings.events().apiToken().reveal());
    assertEquals(Secret.Kind.CREDENTIAL, settings.events().apiToken().kind());
    assertEquals(
        "systemd credential bus-api-token (" + tmp.resolve("bus-api-token") + ")",
        settings.events().apiToken().source());
    assertEquals(upcloud, settings.upcloud().token().reveal());
    assertEquals(Secret.Kind.CREDENTIAL, settings.upcloud().token().kind());
  }

  @Test
  void aCredentialsDirectoryWithoutOurCredentialIsNoSource() {
    assertNull(load(env("CREDENTIALS_DIRECTORY", tmp.toString())).events().apiToken());
  }

  @Test
  void aTokenGivenTwiceIsAConfigurationErrorThatNamesBothPlacesButNoValue() throws Exception {
    String token = Fixtures.mintToken();
    Path file = Files.writeString(tmp.resolve("token"), token);
    String message = error(env("BUS_API_TOKEN", token, "BUS_API_TOKEN_FILE", file.toString()));
    assertEquals(
        "BUS_API_TOKEN is given more than once: BUS_API_TOKEN and BUS_API_TOKEN_FILE; set it in"
            + " one place only",
        message);
    assertFalse(message.contains(token));

    Files.writeString(tmp.resolve("upcloud-token"), "ucat_secret_value_1234");
    String twice =
        error(
            env("UPCLOUD_TOKEN", "ucat_other_value_5678", "CREDENTIALS_DIRECTORY", tmp.toString()));
    assertTrue(
        twice.startsWith(
            "UPCLOUD_TOKEN is given more than once: UPCLOUD_TOKEN and the systemd credential"
                + " upcloud-token"),
        twice);
    assertFalse(twice.contains("ucat_"), twice);
  }

  @Test
  void unusableTokenFilesAreConfigurationErrors() throws Exception {
    assertEquals(
        "BUS_API_TOKEN_FILE: " + tmp.resolve("missing") + " does not exist",
        error(env("BUS_API_TOKEN_FILE", tmp.resolve("missing").toString())));
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertEquals(
        "BUS_API_TOKEN_FILE: " + empty + " is empty",
        error(env("BUS_API_TOKEN_FILE", empty.toString())));
    Path envFile = Files.writeString(tmp.resolve("env"), "BUS_API_TOKEN=abc def\n");
    String message = error(env("UPCLOUD_TOKEN_FILE", envFile.toString()));
    assertEquals(
        "UPCLOUD_TOKEN_FILE: "
            + envFile
            + " holds more than one word; it should hold only the token",
        message);
    Path large = Files.write(tmp.resolve("large"), new byte[SecretFiles.MAX_BYTES + 1]);
    assertTrue(error(env("BUS_API_TOKEN_FILE", large.toString())).contains("larger than 64 KiB"));
  }

  @Test
  void helpStillWorksWithABrokenTokenFile() {
    Settings settings =
        load(env("BUS_API_TOKEN_FILE", tmp.resolve("missing").toString()), "--help");
    assertEquals(WorkerMode.HELP, settings.mode());
    assertTrue(settings.warnings().get(0).startsWith("BUS_API_TOKEN_FILE: "));
  }

  @Test
  void tokenRefreshNeedsTheTokenInAFile() throws Exception {
    Map<String, String> fromEnv =
        env(
            "BUS_EVENTS_API_URL", "http://127.0.0.1:8081",
            "BUS_API_TOKEN", Fixtures.mintToken(),
            "BUS_EVENTS_TOKEN_REFRESH", "1");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ModeRequirements.verify(load(fromEnv)));
    assertEquals(
        "BUS_EVENTS_TOKEN_REFRESH needs the Bus API token in a file (BUS_API_TOKEN_FILE or the"
            + " systemd credential bus-api-token): BUS_API_TOKEN cannot change while the worker"
            + " runs",
        e.getMessage());

    Path file = Files.writeString(tmp.resolve("token"), Fixtures.mintToken());
    ModeRequirements.verify(
        load(
            env(
                "BUS_EVENTS_API_URL", "http://127.0.0.1:8081",
                "BUS_API_TOKEN_FILE", file.toString(),
                "BUS_EVENTS_TOKEN_REFRESH", "1")));
  }

  @Test
  void aSecretPrintsAsStarsWhateverItsSource() throws Exception {
    String token = Fixtures.mintToken();
    Path file = Files.writeString(tmp.resolve("token"), token);
    Settings settings = load(env("BUS_API_TOKEN_FILE", file.toString()));
    assertEquals("***", settings.events().apiToken().toString());
    assertFalse(settings.toString().contains(token));
    assertFalse(settings.events().apiToken().source().contains(token));
  }
}
