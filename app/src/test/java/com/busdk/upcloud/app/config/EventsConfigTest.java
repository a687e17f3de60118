package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsConfigTest {
  @Test
  void defaults() {
    EventsConfig events = load().events();
    assertNull(events.eventsUrl());
    assertNull(events.apiToken());
    assertEquals("bus-integration-upcloud", events.group());
    assertEquals(Fixtures.HOST, events.consumer());
    assertTrue(events.listenerRetry());
    assertEquals(Duration.ofSeconds(1), events.retryMin());
    assertEquals(Duration.ofSeconds(30), events.retryMax());
    assertTrue(events.listenerRequired());
    assertFalse(events.tokenRefresh());
  }

  @Test
  void everyFlag() {
    EventsConfig events =
        load(
                "--events-url=https://bus.example.test/api/v1/events",
                "--events-group",
                "blue-workers",
                "--events-consumer=replica_2.b")
            .events();
    assertEquals(URI.create("https://bus.example.test/api/v1/events"), events.eventsUrl());
    assertEquals("blue-workers", events.group());
    assertEquals("replica_2.b", events.consumer());
  }

  @Test
  void everyEnvironmentVariable() {
    String token = Fixtures.mintToken();
    EventsConfig events =
        load(env(
                "BUS_EVENTS_API_URL", "http://127.0.0.1:8081/local/v1",
                "BUS_API_TOKEN", token,
                "BUS_EVENTS_GROUP", "green",
                "BUS_EVENTS_CONSUMER", "node-3",
                "BUS_EVENTS_LISTENER_RETRY", "0",
                "BUS_EVENTS_LISTENER_RETRY_MIN", "250ms",
                "BUS_EVENTS_LISTENER_RETRY_MAX", "5",
                "BUS_EVENTS_LISTENER_REQUIRED", "off",
                "BUS_EVENTS_TOKEN_REFRESH", "yes"))
            .events();
    assertEquals(URI.create("http://127.0.0.1:8081/local/v1"), events.eventsUrl());
    assertEquals(token, events.apiToken().reveal());
    assertEquals("green", events.group());
    assertEquals("node-3", events.consumer());
    assertFalse(events.listenerRetry());
    assertEquals(Duration.ofMillis(250), events.retryMin());
    assertEquals(Duration.ofSeconds(5), events.retryMax());
    assertFalse(events.listenerRequired());
    assertTrue(events.tokenRefresh());
  }

  @Test
  void flagBeatsEnvironment() {
    EventsConfig events =
        load(
                env(
                    "BUS_EVENTS_API_URL", "https://env.example.test",
                    "BUS_EVENTS_GROUP", "env-group",
                    "BUS_EVENTS_CONSUMER", "env-consumer"),
                "--events-url=https://flag.example.test",
                "--events-group=flag-group",
                "--events-consumer=flag-consumer")
            .events();
    assertEquals(URI.create("https://flag.example.test"), events.eventsUrl());
    assertEquals("flag-group", events.group());
    assertEquals("flag-consumer", events.consumer());
  }

  @Test
  void emptyEnvironmentValueCountsAsUnset() {
    EventsConfig events = load(env("BUS_EVENTS_GROUP", "", "BUS_API_TOKEN", "")).events();
    assertEquals("bus-integration-upcloud", events.group());
    assertNull(events.apiToken());
  }

  @Test
  void hostNameIsSanitisedIntoAConsumerId() {
    Settings settings = SettingsLoader.load(new String[0], Map.of(), () -> "build box/01:ä");
    assertEquals("build-box-01--", settings.events().consumer());
    Settings blank = SettingsLoader.load(new String[0], Map.of(), () -> "  ");
    assertEquals("bus-integration-upcloud", blank.events().consumer());
  }

  @Test
  void typedConsumerOrGroupMustBeUrlSafe() {
    assertEquals(
        "--events-consumer: invalid name \"a b\" (use letters, digits, '.', '_' and '-')",
        error("--events-consumer=a b"));
    assertTrue(
        error(env("BUS_EVENTS_GROUP", "g&x=1")).startsWith("BUS_EVENTS_GROUP: invalid name"));
  }

  @Test
  void eventsUrlMustBeHttp() {
    assertEquals(
        "--events-url: invalid URL \"bus.example.test\" (expected http://host/... or"
            + " https://host/...)",
        error("--events-url=bus.example.test"));
    assertTrue(
        error(env("BUS_EVENTS_API_URL", "ftp://x/y"))
            .startsWith("BUS_EVENTS_API_URL: invalid URL"));
  }

  @Test
  void retryBoundsAreChecked() {
    assertEquals(
        "BUS_EVENTS_LISTENER_RETRY_MIN: must be positive, got \"0\"",
        error(env("BUS_EVENTS_LISTENER_RETRY_MIN", "0")));
    assertEquals(
        "BUS_EVENTS_LISTENER_RETRY_MAX: 2s is less than BUS_EVENTS_LISTENER_RETRY_MIN 5s",
        error(env("BUS_EVENTS_LISTENER_RETRY_MIN", "5s", "BUS_EVENTS_LISTENER_RETRY_MAX", "2s")));
    assertEquals(
        "BUS_EVENTS_LISTENER_RETRY_MAX: invalid duration \"soon\"",
        error(env("BUS_EVENTS_LISTENER_RETRY_MAX", "soon")));
  }

  @Test
  void invalidBooleanEnvironmentValueFallsBackWithAWarning() {
    Settings settings =
        load(env("BUS_EVENTS_LISTENER_RETRY", "maybe", "BUS_EVENTS_TOKEN_REFRESH", "sure"));
    assertTrue(settings.events().listenerRetry());
    assertFalse(settings.events().tokenRefresh());
    assertEquals(
        List.of(
            "BUS_EVENTS_LISTENER_RETRY: invalid boolean \"maybe\", using the default true",
            "BUS_EVENTS_TOKEN_REFRESH: invalid boolean \"sure\", using the default false"),
        settings.warnings());
  }

  @Test
  void tokenIsNeverAFlag() {
    String token = Fixtures.mintToken();
    for (String flag : List.of("--api-token", "--events-token", "--bus-api-token")) {
      String joined = error(flag + "=" + token);
      assertEquals(
          flag
              + ": unknown option (tokens are read only from the environment: BUS_API_TOKEN,"
              + " UPCLOUD_TOKEN)",
          joined);
      String separate = error(flag, token);
      assertFalse(separate.contains(token), separate);
    }
  }

  @Test
  void toStringHidesTheToken() {
    String token = Fixtures.mintToken();
    Settings settings = load(env("BUS_API_TOKEN", token));
    assertFalse(settings.events().toString().contains(token));
    assertFalse(settings.toString().contains(token));
    assertTrue(settings.events().toString().contains("apiToken=<set>"));
    assertTrue(load().events().toString().contains("apiToken=<unset>"));
    assertEquals("***", settings.events().apiToken().toString());
  }

  @Test
  void recordRejectsInconsistentValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new EventsConfig.Reconnect(true, Duration.ofSeconds(5), Duration.ofSeconds(1)));
    assertThrows(
        NullPointerException.class,
        () ->
            new EventsConfig(
                null,
                null,
                null,
                "c",
                new EventsConfig.Reconnect(true, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                true,
                false));
  }
}
