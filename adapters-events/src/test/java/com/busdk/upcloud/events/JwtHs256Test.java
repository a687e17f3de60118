package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtHs256Test {
  private static final String SECRET = "test-secret";
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private final Map<String, Object> claims =
      Map.of(
          "sub", "bus-integration-upcloud",
          "aud", "ai.hg.fi/api",
          "scope", "vm:read vm:write",
          "iat", NOW.getEpochSecond(),
          "exp", NOW.getEpochSecond() + 600);

  @Test
  void verifiesWhatItSigned() {
    Map<String, Object> verified = JwtHs256.verify(JwtHs256.sign(claims, SECRET), SECRET, NOW);
    assertEquals("bus-integration-upcloud", verified.get("sub"));
    assertEquals("vm:read vm:write", verified.get("scope"));
  }

  @Test
  void producesAStandardHs256Header() {
    String header = JwtHs256.sign(claims, SECRET).split("\\.")[0];
    assertEquals(
        "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8));
  }

  @Test
  void rejectsAnotherSecret() {
    String token = JwtHs256.sign(claims, SECRET);
    JwtHs256.InvalidTokenException failure =
        assertThrows(
            JwtHs256.InvalidTokenException.class, () -> JwtHs256.verify(token, "other", NOW));
    assertEquals("token signature does not match", failure.getMessage());
    assertFalse(failure.getMessage().contains(token));
  }

  @Test
  void rejectsATamperedPayload() {
    String[] parts = JwtHs256.sign(claims, SECRET).split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"sub\":\"admin\",\"exp\":99999999999}".getBytes(StandardCharsets.UTF_8));
    assertThrows(
        JwtHs256.InvalidTokenException.class,
        () -> JwtHs256.verify(parts[0] + "." + forged + "." + parts[2], SECRET, NOW));
  }

  @Test
  void rejectsAnExpiredToken() {
    String token = JwtHs256.sign(claims, SECRET);
    JwtHs256.verify(token, SECRET, NOW.plusSeconds(599));
    JwtHs256.InvalidTokenException failure =
        assertThrows(
            JwtHs256.InvalidTokenException.class,
            () -> JwtHs256.verify(token, SECRET, NOW.plusSeconds(600)));
    assertEquals("token has expired", failure.getMessage());
  }

  @Test
  void rejectsATokenWithoutExpiry() {
    String token = JwtHs256.sign(Map.of("sub", "x"), SECRET);
    assertThrows(JwtHs256.InvalidTokenException.class, () -> JwtHs256.verify(token, SECRET, NOW));
  }

  @Test
  void rejectsOtherAlgorithmsAndGarbage() {
    String none =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"exp\":1}".getBytes())
            + ".";
    assertThrows(JwtHs256.InvalidTokenException.class, () -> JwtHs256.verify(none, SECRET, NOW));
    assertThrows(JwtHs256.InvalidTokenException.class, () -> JwtHs256.verify("a.b", SECRET, NOW));
    assertThrows(
        JwtHs256.InvalidTokenException.class, () -> JwtHs256.verify("!!.??.**", SECRET, NOW));
    assertThrows(JwtHs256.InvalidTokenException.class, () -> JwtHs256.verify(null, SECRET, NOW));
  }
}
