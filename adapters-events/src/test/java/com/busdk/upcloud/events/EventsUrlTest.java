package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventsUrlTest {

  @ParameterizedTest
  @CsvSource({
    "https://example.test/api/v1/events, https://example.test/api/v1/events",
    "https://example.test/api/v1/events/, https://example.test/api/v1/events",
    "http://bus-events:8081, http://bus-events:8081/api/v1/events",
    "http://bus-events:8081/, http://bus-events:8081/api/v1/events",
    "http://127.0.0.1:8081/local/v1, http://127.0.0.1:8081/local/v1/api/v1/events",
    "http://127.0.0.1:8081/local/v1//, http://127.0.0.1:8081/local/v1/api/v1/events",
    "'  https://example.test/api/v1/events  ', https://example.test/api/v1/events",
    "https://example.test/prefix/api/v1/events, https://example.test/prefix/api/v1/events"
  })
  void normalisesToTheCollection(String input, String expected) {
    assertEquals(URI.create(expected), EventsUrl.normalize(input));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "  ", "example.test/api", "ftp://example.test", "http://h/x?y=1", "http://"})
  void rejectsWhatIsNotAnHttpUrl(String input) {
    assertThrows(IllegalArgumentException.class, () -> EventsUrl.normalize(input));
  }

  @org.junit.jupiter.api.Test
  void streamIsBelowTheCollection() {
    assertEquals(
        URI.create("http://h:1/api/v1/events/stream"),
        EventsUrl.stream(EventsUrl.normalize("http://h:1")));
  }
}
