package com.busdk.upcloud.app.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.LogLevel;
import com.busdk.upcloud.app.config.OutputFormat;
import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.app.config.WorkerConfig;
import com.busdk.upcloud.app.config.WorkerMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token re-read from its file is masked in log lines like the one read at start. */
class MaskRotatedTokensTest {
  @TempDir Path tmp;

  /** A JWT-shaped value minted now, with a random signature part; nothing real is committed. */
  private static String jwtShaped(String subject) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    byte[] signature = new byte[32];
    new java.security.SecureRandom().nextBytes(signature);
    return b64.encodeToString(
            "{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(
            ("{\"sub\":\"" + subject + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(signature);
  }

  @Test
  void aRotatedTokenJoinsTheMaskedSecrets() throws Exception {
    String first = jwtShaped("first");
    String second = jwtShaped("second");
    Path file = Files.writeString(tmp.resolve("token"), first);
    Secret secret = Secret.fromFile("BUS_API_TOKEN_FILE", file, first);
    Logging.configure(
        new WorkerConfig(
            WorkerMode.LISTENER,
            false,
            0,
            1,
            Duration.ofSeconds(1),
            new WorkerConfig.Logs(OutputFormat.TEXT, LogLevel.INFO),
            OutputFormat.TEXT,
            null),
        secret);
    assertFalse(Logging.setup().secrets().contains(second));
    try (RotatingToken token = RotatingToken.events(secret, true, Logging::maskAlso)) {
      Files.writeString(file, second);
      token.renewAfterRefusal(first);
      assertTrue(Logging.setup().secrets().contains(second), "the new token is masked");
      assertTrue(
          Logging.setup().secrets().contains(second.substring(second.lastIndexOf('.') + 1)),
          "and its signature alone");
      assertTrue(Logging.setup().secrets().contains(first), "the old one still is");
    }
  }
}
