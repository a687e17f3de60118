package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Fixtures.env;
import static com.busdk.upcloud.app.config.Fixtures.error;
import static com.busdk.upcloud.app.config.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@code --health-listen}: off by default, on in {@code --local}, host:port when given. */
class ListenAddressTest {
  @Test
  void offByDefault() {
    assertNull(load().worker().healthListen());
  }

  @Test
  void flagAndEnvironment() {
    assertEquals(
        new ListenAddress("127.0.0.1", 9471),
        load("--health-listen=127.0.0.1:9471").worker().healthListen());
    assertEquals(
        new ListenAddress("::1", 0),
        load(env("BUS_UPCLOUD_HEALTH_LISTEN", "[::1]:0")).worker().healthListen());
    assertEquals(
        new ListenAddress("0.0.0.0", 9464),
        load(env("BUS_UPCLOUD_HEALTH_LISTEN", "0.0.0.0:1"), "--health-listen", "0.0.0.0:9464")
            .worker()
            .healthListen());
  }

  @Test
  void localTurnsItOnNextToTheEmbeddedEventsApi() {
    assertEquals(new ListenAddress("127.0.0.1", 8082), load("--local").worker().healthListen());
    assertEquals(
        new ListenAddress("127.0.0.1", 0),
        load("--local", "--local-port=0").worker().healthListen());
    assertEquals(
        new ListenAddress("127.0.0.1", 9000),
        load("--local", "--health-listen=127.0.0.1:9000").worker().healthListen());
  }

  @Test
  void badValuesNameTheOption() {
    assertEquals(
        "--health-listen: expected host:port, such as 127.0.0.1:9464, got \"9464\"",
        error("--health-listen=9464"));
    assertEquals(
        "BUS_UPCLOUD_HEALTH_LISTEN: expected host:port with a port from 0 to 65535, got"
            + " \"localhost:70000\"",
        error(env("BUS_UPCLOUD_HEALTH_LISTEN", "localhost:70000")));
    assertEquals(
        "--health-listen: write an IPv6 host in brackets, such as [::1]:9464, got \"::1:9464\"",
        error("--health-listen=::1:9464"));
  }

  @Test
  void printsBackAsGiven() {
    assertEquals("[::1]:9464", ListenAddress.parse("[::1]:9464").toString());
    assertEquals("127.0.0.1:0", ListenAddress.parse("127.0.0.1:0").toString());
  }
}
