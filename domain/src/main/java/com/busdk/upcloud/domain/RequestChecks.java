package com.busdk.upcloud.domain;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's rules about one request before its handler runs: which correlation id its answer
 * carries, whether that id is too long, whether the request is too old to execute, and whether its
 * answer is kept for redeliveries.
 */
final class RequestChecks {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  private RequestChecks() {}

  /** The correlation id; else the event id; else a generated one (logged). */
  static String correlationOf(BusEvent event) {
    Optional<String> correlation = event.correlationId().filter(s -> !s.isBlank());
    if (correlation.isPresent()) {
      return correlation.get();
    }
    if (!event.id().isBlank()) {
      LOG.warn(
          "request without correlation id name={}; answering under id={}",
          event.name(),
          event.id());
      return event.id();
    }
    String generated = "uncorrelated-" + UUID.randomUUID();
    LOG.warn(
        "request without correlation id or id name={}; answering under {}",
        event.name(),
        generated);
    return generated;
  }

  static Optional<WorkerException> correlationTooLong(
      String correlationId, DispatchSettings settings) {
    try {
      InputLimits.requireAtMost(
          "correlationId", correlationId, settings.inputs().correlationIdBytes());
      return Optional.empty();
    } catch (WorkerException e) {
      return Optional.of(e);
    }
  }

  /** Requests that change something keep their answers; reads are simply answered again. */
  static boolean keepsAnswer(String requestName) {
    return BusEventName.ofEventName(requestName).map(BusEventName::changesState).orElse(true);
  }

  /** A {@code timeout} refusal when the request is older than its name's bound. */
  static Optional<WorkerException> staleness(
      BusEvent event, Instant now, DispatchSettings settings) {
    Duration maxAge = settings.maxAgeByName().get(event.name());
    if (maxAge == null || event.publishedAt().isEmpty()) {
      return Optional.empty();
    }
    Duration age = Duration.between(event.publishedAt().get(), now);
    if (age.compareTo(maxAge) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new WorkerException(
            ErrorType.TIMEOUT,
            "request not executed: it is "
                + age.toSeconds()
                + "s old, over the "
                + maxAge.toSeconds()
                + "s bound for "
                + event.name()));
  }

  static ErrorReply shuttingDown() {
    return ErrorReply.of(ErrorType.PROVIDER_ERROR, "worker is shutting down; request not executed");
  }
}
