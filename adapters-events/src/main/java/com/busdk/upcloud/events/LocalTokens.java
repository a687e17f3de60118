package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded Events API's tokens: HS256 signed with one secret, minted for local use and checked
 * on every request (subject, audience, expiry; scopes are read by the routes that need them).
 */
final class LocalTokens {
  private static final Set<String> AUDIENCES =
      Set.of(EmbeddedEventsServer.API_AUDIENCE, EmbeddedEventsServer.INTERNAL_AUDIENCE);

  /** The scopes of a development token; see {@link EmbeddedEventsServer#DEVELOPMENT_SCOPES}. */
  static final List<String> DEVELOPMENT_SCOPES =
      List.of(
          "events:send",
          "events:listen",
          "vm:read",
          "vm:write",
          "container:read",
          "container:run",
          "container:delete",
          "container:admin",
          "ssh:run");

  private final String secret;

  LocalTokens(String secret) {
    this.secret = requireNonNull(secret, "secret is null");
  }

  static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A token with {@code sub}, {@code aud}, {@code scope}, {@code iat} and {@code exp}. */
  String mint(String subject, String audience, Collection<String> scopes, Duration ttl) {
    requireNonNull(subject, "subject is null");
    requireNonNull(audience, "audience is null");
    requireNonNull(scopes, "scopes is null");
    requireNonNull(ttl, "ttl is null");
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("scope", String.join(" ", scopes));
    claims.put("iat", now);
    claims.put("exp", now + Math.max(1, ttl.toSeconds()));
    return JwtHs256.sign(claims, secret);
  }

  /** The request's claims, or empty after answering it with 401. */
  Optional<Map<String, Object>> authenticate(HttpExchange exchange, Exchanges out)
      throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      out.error(exchange, 401, "invalid_auth", "missing bearer token");
      return Optional.empty();
    }
    Map<String, Object> claims;
    try {
      claims = JwtHs256.verify(header.substring(7).strip(), secret);
    } catch (JwtHs256.InvalidTokenException e) {
      out.error(exchange, 401, "invalid_auth", e.getMessage());
      return Optional.empty();
    }
    if (!(claims.get("sub") instanceof String subject) || subject.isBlank()) {
      out.error(exchange, 401, "invalid_auth", "token has no subject");
      return Optional.empty();
    }
    if (!audienceAccepted(claims.get("aud"))) {
      out.error(exchange, 401, "invalid_auth", "token audience is not accepted");
      return Optional.empty();
    }
    return Optional.of(claims);
  }

  /** The {@code exp} claim; {@link JwtHs256#verify} has already made sure it is a number. */
  static Instant expiry(Map<String, Object> claims) {
    return Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
  }

  private static boolean audienceAccepted(Object aud) {
    if (aud instanceof String single) {
      return AUDIENCES.contains(single);
    }
    if (aud instanceof List<?> many) {
      return many.stream().anyMatch(AUDIENCES::contains);
    }
    return false;
  }

  static Set<String> scopes(Map<String, Object> claims) {
    if (claims.get("scope") instanceof String scope) {
      return Set.copyOf(Arrays.asList(scope.trim().split("\\s+")));
    }
    return Set.of();
  }
}
