package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.EventBus;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventsSettingsTest {
  private static final String TOKEN = "eyJ.secret-token-value.sig";

  @Test
  void defaultsFollowTheListenerRetryContract() {
    EventsSettings settings = EventsSettings.of("http://bus-events:8081/", TOKEN);
    assertTrue(settings.retryEnabled());
    assertEquals(Duration.ofSeconds(1), settings.retryMin());
    assertEquals(Duration.ofSeconds(30), settings.retryMax());
    assertEquals(URI.create("http://bus-events:8081/api/v1/events"), settings.collection());
  }

  @Test
  void toStringHidesTheToken() {
    EventsSettings settings = EventsSettings.of("http://bus-events:8081", TOKEN);
    assertFalse(settings.toString().contains(TOKEN), settings.toString());
    assertFalse(settings.toString().contains("secret-token"), settings.toString());
    HttpEventBus bus = HttpEventBus.create(settings);
    assertFalse(bus.toString().contains(TOKEN));
    bus.close();
  }

  @Test
  void rejectsInconsistentValues() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EventsSettings(
                "http://h",
                TOKEN,
                Duration.ZERO,
                Duration.ZERO,
                true,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EventsSettings(
                "http://h",
                TOKEN,
                Duration.ofSeconds(1),
                Duration.ZERO,
                true,
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> EventsSettings.of("http://h", " "));
    IllegalArgumentException badUrl =
        assertThrows(IllegalArgumentException.class, () -> EventsSettings.of("nope", TOKEN));
    assertFalse(badUrl.getMessage().contains(TOKEN));
  }

  @Test
  void moduleBindsTheHttpBusUnderStrictGuice() {
    EventsSettings settings = EventsSettings.of("http://127.0.0.1:9", TOKEN);
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            binder -> binder.requireExplicitBindings(),
            new EventsModule(settings));
    EventBus bus = injector.getInstance(EventBus.class);
    assertInstanceOf(HttpEventBus.class, bus);
    assertSame(bus, injector.getInstance(EventBus.class));
    assertSame(settings, injector.getInstance(EventsSettings.class));
    bus.close();
  }
}
