package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a Bus API JWT, read without verifying the signature: the worker holds no signing
 * secret, and the point is to tell an operator what the token says before the Events API does.
 *
 * @param subject {@code sub}; empty when absent
 * @param audiences {@code aud}, a string or a list in the token
 * @param scopes {@code scope}, a space-separated string in the token
 * @param expiry {@code exp}; empty when absent
 */
public record TokenClaims(
    String subject, List<String> audiences, List<String> scopes, Optional<Instant> expiry) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public TokenClaims {
    requireNonNull(subject, "subject is null");
    audiences = List.copyOf(requireNonNull(audiences, "audiences is null"));
    scopes = List.copyOf(requireNonNull(scopes, "scopes is null"));
    requireNonNull(expiry, "expiry is null");
  }

  /**
   * Decodes the payload part of {@code token}.
   *
   * @throws IllegalArgumentException naming what is wrong, never quoting the token
   */
  public static TokenClaims decode(String token) {
    requireNonNull(token, "token is null");
    String[] parts = token.strip().split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "not a JWT: expected three dot-separated parts, found " + parts.length);
    }
    JsonNode claims;
    try {
      byte[] payload = java.util.Base64.getUrlDecoder().decode(parts[1]);
      claims = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException("not a JWT: the payload is not base64url-encoded JSON");
    }
    if (claims == null || !claims.isObject()) {
      throw new IllegalArgumentException("not a JWT: the payload is not a JSON object");
    }
    return new TokenClaims(
        claims.path("sub").asText(""),
        audiences(claims.path("aud")),
        scopes(claims.path("scope")),
        claims.path("exp").isNumber()
            ? Optional.of(Instant.ofEpochSecond(claims.path("exp").asLong()))
            : Optional.empty());
  }

  private static List<String> audiences(JsonNode aud) {
    List<String> values = new ArrayList<>();
    if (aud.isTextual()) {
      values.add(aud.textValue());
    } else if (aud.isArray()) {
      aud.forEach(item -> values.add(item.asText()));
    }
    return values;
  }

  private static List<String> scopes(JsonNode scope) {
    if (!scope.isTextual() || scope.textValue().isBlank()) {
      return List.of();
    }
    return Arrays.asList(scope.textValue().strip().split("\\s+"));
  }
}
