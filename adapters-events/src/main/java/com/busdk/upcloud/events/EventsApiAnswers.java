package com.busdk.upcloud.events;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.EventHandler;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every stream and publish does with the Events API's answers: refusals become typed failures
 * that name the event and the scope it needs (never the token), and each NDJSON line becomes one
 * handler call that a bad line or a failing handler cannot stop.
 */
final class EventsApiAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(EventsApiAnswers.class);

  private EventsApiAnswers() {}

  /** The scope the Events API checks for {@code name}: its family's, else the unlisted default. */
  static String scopeFor(String name, String unlistedScope) {
    return BusEventName.ofEventName(name).map(BusEventName::scope).orElse(unlistedScope);
  }

  /**
   * A 401 or 403, as the failure it is; empty for any other status.
   *
   * @param prefix names the action and event, e.g. "Events API refused the stream for x (403)"
   * @param unlistedScope the scope needed for a name outside the catalogue
   */
  static Optional<EventBusException> authRefusal(
      String prefix, int status, String name, String unlistedScope) {
    return switch (status) {
      case 401 ->
          Optional.of(
              new EventBusException(
                  EventBusException.Kind.UNAUTHORIZED, prefix + ": token invalid or expired"));
      case 403 ->
          Optional.of(
              new EventBusException(
                  EventBusException.Kind.FORBIDDEN,
                  prefix + ": token lacks scope " + scopeFor(name, unlistedScope)));
      default -> Optional.empty();
    };
  }

  /** Any other refusal: worth another try when the server may recover, else a bad request. */
  static EventBusException otherRefusal(String prefix, int status) {
    return new EventBusException(
        isTransient(status)
            ? EventBusException.Kind.UNAVAILABLE
            : EventBusException.Kind.BAD_REQUEST,
        prefix);
  }

  /** A status that says "later" rather than "no". */
  static boolean isTransient(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /**
   * Parses one envelope line and hands it to {@code handler}; a bad line is logged and skipped. A
   * line over the stream's limit is handed over as an event that is too large when its start names
   * a correlation id, so its requester is told rather than left waiting.
   */
  static void deliver(EventCodec codec, NdjsonStream.Line line, String name, EventHandler handler) {
    parse(codec, line, name, "").ifPresent(event -> handle(event, name, handler));
  }

  /**
   * The event on {@code line}, or empty (and logged) when there is none to act on.
   *
   * @param what how to describe the line in the log, e.g. {@code "replayed "}
   */
  static Optional<BusEvent> parse(
      EventCodec codec, NdjsonStream.Line line, String name, String what) {
    if (line.oversized()) {
      Optional<BusEvent> tooLarge =
          codec.parseOversized(line.text(), line.lossy(), name, codec.maxEventBytes());
      if (tooLarge.isEmpty()) {
        LOG.warn(
            "skipped a {}line of {} bytes on the {} stream: longer than {} bytes, and its start"
                + " names no correlation id",
            what,
            line.oversizedBytes(),
            name,
            codec.maxEventBytes());
      } else {
        LOG.warn(
            "{}event {} on the {} stream is {} bytes, longer than {}: handed over unread",
            what,
            tooLarge.get().id(),
            name,
            line.oversizedBytes(),
            codec.maxEventBytes());
      }
      return tooLarge;
    }
    try {
      return Optional.of(codec.parseEnvelope(line.text(), name, line.lossy()));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "skipped a {}line of {} characters on the {} stream: {}",
          what,
          line.text().length(),
          name,
          e.getMessage());
      return Optional.empty();
    }
  }

  private static void handle(BusEvent event, String name, EventHandler handler) {
    try {
      handler.onEvent(event);
    } catch (RuntimeException e) {
      LOG.error("handler for {} failed on event {}", name, event.id(), e);
    }
  }
}
