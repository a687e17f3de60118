package com.busdk.upcloud.app.cli;

import static com.busdk.upcloud.app.cli.CheckResult.fail;
import static com.busdk.upcloud.app.cli.CheckResult.ok;
import static com.busdk.upcloud.app.cli.CheckResult.warn;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.EventsConfig;
import com.busdk.upcloud.app.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the Bus API token says (decoded, not verified): subject, audience, scopes and expiry,
 * against what the configured listeners need, and where the token comes from.
 */
final class TokenCheck {
  /** A token expiring sooner than this gets a warning: time to rotate it. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(7);

  private final EventsConfig events;
  private final AccessNeeds needs;
  private final Instant now;

  TokenCheck(EventsConfig events, AccessNeeds needs, Instant now) {
    this.events = requireNonNull(events, "events is null");
    this.needs = requireNonNull(needs, "needs is null");
    this.now = requireNonNull(now, "now is null");
  }

  List<CheckResult> run() {
    TokenClaims claims;
    try {
      claims = TokenClaims.decode(events.apiToken().reveal());
    } catch (IllegalArgumentException e) {
      return List.of(fail("token", "BUS_API_TOKEN is " + e.getMessage()));
    }
    List<CheckResult> results = new ArrayList<>();
    results.add(
        ok(
            "token",
            "subject "
                + orNone(claims.subject())
                + ", audience "
                + orNone(String.join(" ", claims.audiences()))
                + ", scopes "
                + orNone(String.join(" ", claims.scopes()))
                + ", expires "
                + claims.expiry().map(Instant::toString).orElse("(never)")));
    results.add(ok("token source", source()));
    results.add(audience(claims));
    results.add(scopes(claims));
    results.add(expiry(claims.expiry()));
    return results;
  }

  /** Where BUS_API_TOKEN comes from and whether the worker re-reads it. */
  private String source() {
    Secret token = events.apiToken();
    if (events.tokenRefresh()) {
      return token.source()
          + ", re-read on 401/403 and before it expires (BUS_EVENTS_TOKEN_REFRESH)";
    }
    return token.source()
        + (token.file().isPresent()
            ? ", read once at start (set BUS_EVENTS_TOKEN_REFRESH=1 to re-read it)"
            : ", read once at start");
  }

  private CheckResult audience(TokenClaims claims) {
    List<String> missing =
        needs.audiences().stream().filter(a -> !claims.audiences().contains(a)).toList();
    if (missing.isEmpty()) {
      return ok("token audience", String.join(" ", needs.audiences()));
    }
    List<String> reasons =
        missing.stream()
            .map(
                a ->
                    a
                        + (a.equals(AccessNeeds.INTERNAL_AUDIENCE)
                            ? " (runner administration)"
                            : " (VM and container events)"))
            .toList();
    return fail(
        "token audience",
        "token is for "
            + orNone(String.join(" ", claims.audiences()))
            + "; this mode needs "
            + String.join(" and ", reasons));
  }

  private CheckResult scopes(TokenClaims claims) {
    List<String> missing =
        needs.scopes().keySet().stream().filter(s -> !claims.scopes().contains(s)).toList();
    if (missing.isEmpty()) {
      return ok("token scopes", "has " + String.join(" ", needs.scopes().keySet()));
    }
    return fail(
        "token scopes",
        "lacks "
            + missing.stream()
                .map(s -> s + " (" + String.join(", ", needs.scopes().get(s)) + ")")
                .collect(Collectors.joining(", "))
            + "; this mode needs "
            + String.join(" ", needs.scopes().keySet()));
  }

  private CheckResult expiry(Optional<Instant> expiry) {
    if (expiry.isEmpty()) {
      return warn("token expiry", "token has no exp claim");
    }
    Instant exp = expiry.get();
    if (!exp.isAfter(now)) {
      return fail(
          "token expiry",
          "expired at "
              + exp
              + " ("
              + span(Duration.between(exp, now))
              + " ago): issue a new token and restart the service");
    }
    Duration left = Duration.between(now, exp);
    if (left.compareTo(EXPIRY_WARNING) < 0) {
      return warn("token expiry", "expires at " + exp + " (in " + span(left) + "): rotate it soon");
    }
    return ok("token expiry", "expires at " + exp + " (in " + span(left) + ")");
  }

  /** A coarse human span: {@code 3d 4h}, {@code 5h 10m}, {@code 42s}. */
  static String span(Duration d) {
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    if (minutes > 0) {
      return minutes + "m";
    }
    return d.toSecondsPart() + "s";
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? "(none)" : value;
  }
}
