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

  @Test
  void aRotatedTokenJoinsTheMaskedSecrets() throws Exception {
    String first = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmaXJzdCJ9.Zmlyc3Qtc2lnbmF0dXJlLXZhbHVl";
    String second = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNvbmQifQ.c2Vjb25kLXNpZ25hdHVyZS12YWx1ZQ";
    Path file = Files.writeString(tmp.resolve("token"), first);
    Secret secret = Secret.fromFile("BUS_API_TOKEN_FILE", file, first);
    Logging.configure(
        new WorkerConfig(
            WorkerMode.LISTENER,
            false,
            0,
            1,
            Duration.ofSeconds(1),
            OutputFormat.TEXT,
            LogLevel.INFO,
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
