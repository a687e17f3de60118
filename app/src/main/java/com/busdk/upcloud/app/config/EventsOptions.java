package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Option.envToggle;
import static com.busdk.upcloud.app.config.Option.value;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** How the worker reaches the Bus Events API. */
final class EventsOptions {
  /** The consumer id when the host name yields none. */
  static final String FALLBACK_CONSUMER = "bus-integration-upcloud";

  private EventsOptions() {}

  static final Option<URI> EVENTS_URL =
      value(
          HelpSection.EVENTS,
          "--events-url",
          "BUS_EVENTS_API_URL",
          "url",
          null,
          Conversions::optionalUrl,
          "Bus Events API URL: the collection URL ending in /api/v1/events (a service root or"
              + " capability base gets /api/v1/events appended). Required in listener mode.");
  static final Option<String> EVENTS_GROUP =
      value(
          HelpSection.EVENTS,
          "--events-group",
          "BUS_EVENTS_GROUP",
          "group",
          "bus-integration-upcloud",
          Conversions::identifier,
          "Unicast delivery group of the request streams. Replicas share one group.");
  static final Option<String> EVENTS_CONSUMER =
      value(
              HelpSection.EVENTS,
              "--events-consumer",
              "BUS_EVENTS_CONSUMER",
              "id",
              null,
              Conversions::identifier,
              "Consumer id of this replica within the delivery group.")
          .computedDefault(
              "the host name, with characters other than letters, digits, '.', '_' and '-'"
                  + " replaced by '-'");

  /** Read through {@link SecretSources}, with its file and credential alternatives. */
  static final Option<String> API_TOKEN =
      value(
          HelpSection.EVENTS,
          null,
          "BUS_API_TOKEN",
          "jwt",
          null,
          Conversions::text,
          "Bearer token for the Bus Events API. Environment only; required in listener mode (or"
              + " BUS_API_TOKEN_FILE, or the systemd credential bus-api-token).");

  static final Option<String> API_TOKEN_FILE =
      value(
          HelpSection.EVENTS,
          null,
          "BUS_API_TOKEN_FILE",
          "path",
          null,
          Conversions::text,
          "File holding the Bus API token, instead of BUS_API_TOKEN. A systemd credential named"
              + " bus-api-token ($CREDENTIALS_DIRECTORY/bus-api-token, LoadCredential=) is read the"
              + " same way. Giving the token in two places is an error.");
  static final Option<Boolean> LISTENER_RETRY =
      envToggle(
          HelpSection.EVENTS,
          "BUS_EVENTS_LISTENER_RETRY",
          "true",
          "Reconnect event streams after EOF or a network failure, with bounded backoff.");
  static final Option<Duration> LISTENER_RETRY_MIN =
      value(
          HelpSection.EVENTS,
          null,
          "BUS_EVENTS_LISTENER_RETRY_MIN",
          "duration",
          "1s",
          Conversions::positiveDuration,
          "First reconnect delay.");
  static final Option<Duration> LISTENER_RETRY_MAX =
      value(
          HelpSection.EVENTS,
          null,
          "BUS_EVENTS_LISTENER_RETRY_MAX",
          "duration",
          "30s",
          Conversions::positiveDuration,
          "Longest reconnect delay.");
  static final Option<Boolean> LISTENER_REQUIRED =
      envToggle(
          HelpSection.EVENTS,
          "BUS_EVENTS_LISTENER_REQUIRED",
          "true",
          "A request stream that cannot be kept connected (refused, or failed for good) stops the"
              + " worker. When false the worker goes on without it and /readyz reports it.");
  static final Option<Boolean> TOKEN_REFRESH =
      envToggle(
          HelpSection.EVENTS,
          "BUS_EVENTS_TOKEN_REFRESH",
          "false",
          "Re-read the Bus API token file on 401 and 403 and shortly before the token expires, and"
              + " reconnect with the new token, instead of stopping with exit code 3. Needs the"
              + " token in a file (BUS_API_TOKEN_FILE or the bus-api-token credential).");

  static final List<Option<?>> ALL =
      List.of(
          EVENTS_URL,
          EVENTS_GROUP,
          EVENTS_CONSUMER,
          API_TOKEN,
          API_TOKEN_FILE,
          LISTENER_RETRY,
          LISTENER_RETRY_MIN,
          LISTENER_RETRY_MAX,
          LISTENER_REQUIRED,
          TOKEN_REFRESH);

  static EventsConfig load(Inputs in, Supplier<String> hostName) {
    String consumer = in.value(EVENTS_CONSUMER);
    if (consumer == null) {
      consumer = Conversions.sanitiseIdentifier(hostName.get(), FALLBACK_CONSUMER);
    }
    EventsConfig.Reconnect reconnect = reconnect(in);
    return new EventsConfig(
        in.value(EVENTS_URL),
        SecretSources.resolve(in, API_TOKEN.def(), API_TOKEN_FILE.def(), "bus-api-token"),
        in.value(EVENTS_GROUP),
        consumer,
        reconnect,
        in.bool(LISTENER_REQUIRED),
        in.bool(TOKEN_REFRESH));
  }

  private static EventsConfig.Reconnect reconnect(Inputs in) {
    Duration min = in.value(LISTENER_RETRY_MIN);
    Duration max = in.value(LISTENER_RETRY_MAX);
    if (max.compareTo(min) < 0) {
      in.fail(
          in.source(LISTENER_RETRY_MAX.def())
              + ": "
              + GoDuration.format(max)
              + " is less than "
              + in.source(LISTENER_RETRY_MIN.def())
              + " "
              + GoDuration.format(min));
      max = min;
    }
    return new EventsConfig.Reconnect(in.bool(LISTENER_RETRY), min, max);
  }
}
