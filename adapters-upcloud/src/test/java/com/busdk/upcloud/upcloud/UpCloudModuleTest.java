package com.busdk.upcloud.upcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.CloudServers;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpCloudModuleTest {

  @Test
  void bindsOneCloudServersWithoutTouchingTheNetwork() {
    UpCloudSettings settings = UpCloudSettings.of("http://127.0.0.1:9/1.3", "tok");
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            binder -> binder.requireExplicitBindings(),
            new UpCloudModule(settings));

    CloudServers first = injector.getInstance(CloudServers.class);

    assertTrue(first instanceof UpCloudServers);
    assertSame(first, injector.getInstance(CloudServers.class));
    assertSame(settings, injector.getInstance(UpCloudSettings.class));
  }

  @Test
  void settingsHideTheTokenAndNormaliseTheUrl() {
    UpCloudSettings settings = UpCloudSettings.of("https://api.upcloud.com/1.3/", "ucat_secret");

    assertEquals("https://api.upcloud.com/1.3", settings.baseUrl());
    assertFalse(settings.toString().contains("ucat_secret"), settings.toString());
    assertEquals(3, settings.maxRetries());
    assertEquals(Duration.ofSeconds(120), settings.requestTimeout());
  }

  @Test
  void settingsRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> UpCloudSettings.of("ftp://x", "t"));
    assertThrows(IllegalArgumentException.class, () -> UpCloudSettings.of("http://x", " "));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            UpCloudSettings.of("http://x", "t").withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
  }
}
