package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens as the Bus auth service issues them, for the embedded Events API and the
 * development tokens of {@code --local}. Verification checks the signature in constant time and the
 * expiry; audience and scope are the caller's business.
 */
public final class JwtHs256 {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  private JwtHs256() {}

  /** Why a token was not accepted. The message never contains the token. */
  public static final class InvalidTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidTokenException(String message) {
      super(message);
    }
  }

  /** Signs {@code claims} as a compact JWS with HS256. */
  public static String sign(Map<String, ?> claims, String secret) {
    requireNonNull(claims, "claims is null");
    requireNonNull(secret, "secret is null");
    try {
      String signingInput =
          ENCODER.encodeToString(HEADER.getBytes(UTF_8))
              + "."
              + ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
      return signingInput + "." + ENCODER.encodeToString(mac(signingInput, secret));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("claims cannot be written as JSON", e);
    }
  }

  /** Verifies signature and expiry against the current time and returns the claims. */
  public static Map<String, Object> verify(String token, String secret) {
    return verify(token, secret, Instant.now());
  }

  /**
   * Verifies the token at {@code now}.
   *
   * @throws InvalidTokenException when the token is malformed, not HS256, badly signed, has no
   *     {@code exp} or has expired
   */
  public static Map<String, Object> verify(String token, String secret, Instant now) {
    requireNonNull(secret, "secret is null");
    requireNonNull(now, "now is null");
    if (token == null) {
      throw new InvalidTokenException("token is missing");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidTokenException("token is not a compact JWS");
    }
    Map<String, Object> header = decodeJson(parts[0], "header");
    if (!"HS256".equals(header.get("alg"))) {
      throw new InvalidTokenException("token algorithm is not HS256");
    }
    byte[] signature;
    try {
      signature = DECODER.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("token signature is not base64url");
    }
    byte[] expected = mac(parts[0] + "." + parts[1], secret);
    if (!MessageDigest.isEqual(expected, signature)) {
      throw new InvalidTokenException("token signature does not match");
    }
    Map<String, Object> claims = decodeJson(parts[1], "claims");
    if (!(claims.get("exp") instanceof Number exp)) {
      throw new InvalidTokenException("token has no exp claim");
    }
    if (now.getEpochSecond() >= exp.longValue()) {
      throw new InvalidTokenException("token has expired");
    }
    return claims;
  }

  private static Map<String, Object> decodeJson(String part, String what) {
    try {
      Map<String, Object> value =
          JSON.readValue(
              DECODER.decode(part), new TypeReference<LinkedHashMap<String, Object>>() {});
      if (value == null) {
        throw new InvalidTokenException("token " + what + " is not a JSON object");
      }
      return value;
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new InvalidTokenException("token " + what + " is not a JSON object");
    }
  }

  private static byte[] mac(String signingInput, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
