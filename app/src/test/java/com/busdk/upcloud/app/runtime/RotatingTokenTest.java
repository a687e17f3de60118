package com.busdk.upcloud.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingTokenTest {
  private static final EmbeddedEventsServer MINT = new EmbeddedEventsServer(0, "rotating-test");

  @TempDir Path tmp;

  @Test
  void refreshesSixtySecondsBeforeExpiryOrATenthOfTheLifetime() {
    Instant issued = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(
        issued.plus(Duration.ofHours(1)).minusSeconds(60),
        RotatingToken.refreshAt(issued.plus(Duration.ofHours(1)), issued));
    assertEquals(
        issued.plusSeconds(90),
        RotatingToken.refreshAt(issued.plusSeconds(100), issued),
        "a 100 s token is renewed 10 s before it expires");
    Instant expired = issued.minusSeconds(5);
    assertEquals(expired, RotatingToken.refreshAt(expired, issued));
  }

  @Test
  void aRefusalRereadsTheFileAndRotationKeepsTrying() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "first-token-value\n");
    Secret secret = Secret.fromFile("BUS_API_TOKEN_FILE", file, "first-token-value");
    try (RotatingToken token =
        RotatingToken.forTest("BUS_API_TOKEN", secret, true, true, Clock.systemUTC())) {
      assertEquals("first-token-value", token.current());
      assertTrue(token.renewAfterRefusal("first-token-value"), "keeps trying with refresh");
      replace(file, "second-token-value");
      assertTrue(token.renewAfterRefusal("first-token-value"));
      assertEquals("second-token-value", token.current());
    }
  }

  @Test
  void withoutRotationARefusalIsFinalAndTheFileIsReadOnce() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "first-token-value");
    Secret secret = Secret.fromFile("BUS_API_TOKEN_FILE", file, "first-token-value");
    try (RotatingToken token = RotatingToken.events(secret, false, s -> {})) {
      replace(file, "second-token-value");
      assertFalse(token.renewAfterRefusal("first-token-value"));
      assertEquals("first-token-value", token.current());
      assertFalse(token.rotates());
    }
  }

  @Test
  void theUpCloudTokenIsRepeatedOnlyWhenTheFileHoldsANewOne() throws Exception {
    Path file = tmp.resolve("upcloud-token");
    Files.writeString(file, "ucat_first_value");
    Secret secret = Secret.fromCredential("upcloud-token", file, "ucat_first_value");
    try (RotatingToken token = RotatingToken.upcloud(secret, s -> {})) {
      assertFalse(token.renewAfterRefusal("ucat_first_value"), "same token: no repeat");
      replace(file, "ucat_second_value");
      assertTrue(token.renewAfterRefusal("ucat_first_value"));
      assertEquals("ucat_second_value", token.current());
    }
  }

  @Test
  void aChangedFileIsPickedUpOnUseAtMostOnceASecond() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "first-token-value");
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Secret secret = Secret.fromFile("BUS_API_TOKEN_FILE", file, "first-token-value");
    try (RotatingToken token = RotatingToken.forTest("BUS_API_TOKEN", secret, true, true, clock)) {
      replace(file, "second-token-value");
      assertEquals("first-token-value", token.current(), "not checked again within a second");
      clock.now = clock.now.plusSeconds(1);
      assertEquals("second-token-value", token.current());
    }
  }

  @Test
  void anUnreadableOrEmptyFileKeepsTheTokenInUse() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "first-token-value");
    Secret secret = Secret.fromFile("BUS_API_TOKEN_FILE", file, "first-token-value");
    try (RotatingToken token =
        RotatingToken.forTest("BUS_API_TOKEN", secret, true, true, Clock.systemUTC())) {
      replace(file, "");
      token.renewAfterRefusal("first-token-value");
      assertEquals("first-token-value", token.current());
      Files.delete(file);
      token.renewAfterRefusal("first-token-value");
      assertEquals("first-token-value", token.current());
    }
  }

  @Test
  void theTimerRereadsTheFileShortlyBeforeExpiry() throws Exception {
    Path file = tmp.resolve("token");
    String first =
        MINT.mintToken("worker", "ai.hg.fi/api", List.of("vm:read"), Duration.ofSeconds(2));
    Files.writeString(file, first);
    Secret secret = Secret.fromFile("BUS_API_TOKEN_FILE", file, first);
    String second =
        MINT.mintToken("worker", "ai.hg.fi/api", List.of("vm:read"), Duration.ofHours(1));
    java.util.concurrent.CountDownLatch renewed = new java.util.concurrent.CountDownLatch(1);
    try (RotatingToken token =
        RotatingToken.events(secret, true, s -> renewed.countDown()).start()) {
      replace(file, second);
      // Nothing uses the token: only the timer can notice the new file before the old expires.
      assertTrue(renewed.await(5, java.util.concurrent.TimeUnit.SECONDS), "re-read by the timer");
      assertTrue(token.expiry().orElseThrow().isAfter(Instant.now().plusSeconds(3000)));
    }
  }

  /** Replaces the file and moves its time forward, so the change shows even on coarse clocks. */
  private static void replace(Path file, String content) throws Exception {
    Instant before =
        Files.exists(file) ? Files.getLastModifiedTime(file).toInstant() : Instant.EPOCH;
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(before.plusSeconds(2)));
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
