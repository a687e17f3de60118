package com.busdk.upcloud.app.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Loads settings with a fixed host name so that defaults are deterministic. */
final class Fixtures {
  static final String HOST = "worker-7.example";

  private Fixtures() {}

  static Settings load(String... args) {
    return load(Map.of(), args);
  }

  static Settings load(Map<String, String> env, String... args) {
    return SettingsLoader.load(args, env, () -> HOST);
  }

  static String error(String... args) {
    return error(Map.of(), args);
  }

  static String error(Map<String, String> env, String... args) {
    return assertThrows(ConfigException.class, () -> load(env, args)).getMessage();
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** A fresh JWT-shaped value, so a leak cannot hide behind a constant someone whitelisted. */
  static String mintToken() {
    SecureRandom random = new SecureRandom();
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    byte[] payload = new byte[48];
    byte[] signature = new byte[32];
    random.nextBytes(payload);
    random.nextBytes(signature);
    return base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes())
        + "."
        + base64.encodeToString(payload)
        + "."
        + base64.encodeToString(signature);
  }
}
