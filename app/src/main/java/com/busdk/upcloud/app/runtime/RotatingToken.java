package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.Secret;
import com.busdk.upcloud.app.config.SecretFiles;
import com.busdk.upcloud.events.EventsToken;
import com.busdk.upcloud.upcloud.UpCloudToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token that can be rotated by replacing its file. When rotation is on it re-reads the file:
 *
 * <ul>
 *   <li>when the file changed (checked at most once a second, when the token is used);
 *   <li>when the server refused the token (401/403);
 *   <li>shortly before the JWT's {@code exp}: 60 seconds before, or a tenth of its lifetime when
 *       that is shorter, then every few seconds until the file holds a newer token.
 * </ul>
 *
 * <p>Replace the file atomically (write a new file, then rename it over the old one), as systemd
 * and secret agents do. A file that cannot be read, or is empty, keeps the token in use. The token
 * is never logged; what is logged is where it came from and when it expires.
 */
public final class RotatingToken implements EventsToken, UpCloudToken, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RotatingToken.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STAT_INTERVAL = Duration.ofSeconds(1);
  private static final Duration MAX_MARGIN = Duration.ofSeconds(60);
  private static final Duration RECHECK = Duration.ofSeconds(5);
  private static final Duration MIN_RECHECK = Duration.ofMillis(250);

  private final String what;
  private final Path file;
  private final boolean rotates;
  private final boolean keepTrying;
  private final Clock clock;
  private final Consumer<Secret> renewed;
  private final Object lock = new Object();
  private volatile Secret secret;
  private volatile Optional<Instant> expiry;
  private volatile Stamp stamp;
  private volatile Instant checkedAt;
  private ScheduledExecutorService timer;
  private boolean warnedStale;

  private RotatingToken(
      String what,
      Secret secret,
      boolean rotates,
      boolean keepTrying,
      Clock clock,
      Consumer<Secret> renewed) {
    this.what = requireNonNull(what, "what is null");
    this.secret = requireNonNull(secret, "secret is null");
    this.file = secret.file().orElse(null);
    this.rotates = rotates && file != null;
    this.keepTrying = keepTrying;
    this.clock = requireNonNull(clock, "clock is null");
    this.renewed = requireNonNull(renewed, "renewed is null");
    this.expiry = expiryOf(secret.reveal());
    this.stamp = this.rotates ? stampOf(file) : null;
    this.checkedAt = clock.instant();
  }

  /**
   * The Bus API token. With {@code refresh} (and the token in a file) it is re-read as described
   * above and a 401/403 is never final; without, it is read once and a refusal ends the worker.
   */
  public static RotatingToken events(Secret secret, boolean refresh, Consumer<Secret> renewed) {
    return new RotatingToken("BUS_API_TOKEN", secret, refresh, refresh, Clock.systemUTC(), renewed);
  }

  /** The UpCloud token: from a file, it is re-read when UpCloud answers 401. */
  public static RotatingToken upcloud(Secret secret, Consumer<Secret> renewed) {
    return new RotatingToken("UPCLOUD_TOKEN", secret, true, false, Clock.systemUTC(), renewed);
  }

  static RotatingToken forTest(
      String what, Secret secret, boolean rotates, boolean keepTrying, Clock clock) {
    return new RotatingToken(what, secret, rotates, keepTrying, clock, s -> {});
  }

  /** Starts re-reading shortly before expiry; does nothing when rotation is off. */
  public RotatingToken start() {
    synchronized (lock) {
      if (rotates && timer == null) {
        timer =
            Executors.newSingleThreadScheduledExecutor(
                task -> {
                  Thread thread = new Thread(task, "token-refresh");
                  thread.setDaemon(true);
                  return thread;
                });
        scheduleBeforeExpiry();
      }
    }
    return this;
  }

  @Override
  public String current() {
    if (rotates && !clock.instant().isBefore(checkedAt.plus(STAT_INTERVAL))) {
      checkFile(false);
    }
    return secret.reveal();
  }

  @Override
  public boolean renewAfterRefusal(String rejected) {
    if (rotates) {
      checkFile(true);
    }
    return keepTrying || (rotates && !secret.reveal().equals(rejected));
  }

  /** The JWT's {@code exp}; empty when the token is no JWT or has none. */
  public Optional<Instant> expiry() {
    return expiry;
  }

  /** Where the token comes from, for logs and {@code --check-config}; never the token. */
  public String source() {
    return secret.source();
  }

  /** Whether the token is re-read from its file. */
  public boolean rotates() {
    return rotates;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (timer != null) {
        timer.shutdownNow();
        timer = null;
      }
    }
  }

  /** Re-reads the file when {@code force}d or when its modification time or size changed. */
  private void checkFile(boolean force) {
    synchronized (lock) {
      checkedAt = clock.instant();
      Stamp now = stampOf(file);
      if (!force && now != null && now.equals(stamp)) {
        return;
      }
      stamp = now;
      String fresh;
      try {
        fresh = SecretFiles.read(file);
      } catch (IllegalArgumentException e) {
        LOG.warn("cannot re-read {}: {}; keeping the token in use", what, e.getMessage());
        return;
      }
      if (fresh.equals(secret.reveal())) {
        return;
      }
      secret = secret.withValue(fresh);
      expiry = expiryOf(fresh);
      warnedStale = false;
      renewed.accept(secret);
      LOG.info(
          "{} re-read from {}: {}",
          what,
          secret.source(),
          expiry.map(e -> "expires at " + e).orElse("no expiry"));
    }
  }

  private void scheduleBeforeExpiry() {
    Optional<Instant> exp = expiry;
    if (timer == null || exp.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Instant at = refreshAt(exp.get(), issuedAt(secret.reveal()).orElse(now));
    schedule(Duration.between(now, at));
  }

  private void schedule(Duration delay) {
    long millis = Math.max(0, delay.toMillis());
    var unused = timer.schedule(this::beforeExpiry, millis, TimeUnit.MILLISECONDS);
  }

  /** Re-reads the file; when it still holds the same token, tries again soon. */
  private void beforeExpiry() {
    String before = secret.reveal();
    checkFile(true);
    synchronized (lock) {
      if (timer == null) {
        return;
      }
      if (!secret.reveal().equals(before)) {
        scheduleBeforeExpiry();
        return;
      }
      Instant now = clock.instant();
      Instant exp = expiry.orElse(now);
      if (!warnedStale) {
        warnedStale = true;
        LOG.warn(
            "{} {} at {} and {} holds no newer token yet; checking again",
            what,
            exp.isAfter(now) ? "expires" : "expired",
            exp,
            secret.source());
      }
      Duration left = Duration.between(now, exp);
      Duration next = left.isNegative() ? RECHECK : left.dividedBy(2);
      if (next.compareTo(RECHECK) > 0) {
        next = RECHECK;
      }
      if (next.compareTo(MIN_RECHECK) < 0) {
        next = MIN_RECHECK;
      }
      schedule(next);
    }
  }

  /** 60 seconds before expiry, or a tenth of the lifetime before it when that is shorter. */
  static Instant refreshAt(Instant expiry, Instant issued) {
    Duration lifetime = Duration.between(issued, expiry);
    Duration margin = lifetime.isNegative() ? Duration.ZERO : lifetime.dividedBy(10);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    return expiry.minus(margin);
  }

  private static Optional<Instant> expiryOf(String token) {
    return claim(token, "exp");
  }

  private static Optional<Instant> issuedAt(String token) {
    return claim(token, "iat");
  }

  /** A numeric claim of a JWT, read without verifying it; empty for anything else. */
  private static Optional<Instant> claim(String token, String name) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode claims =
          JSON.readTree(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      JsonNode value = claims == null ? null : claims.get(name);
      return value != null && value.isNumber()
          ? Optional.of(Instant.ofEpochSecond(value.asLong()))
          : Optional.empty();
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  private static Stamp stampOf(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return new Stamp(Files.getLastModifiedTime(file), Files.size(file), file.toRealPath());
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** What tells a replaced file apart without reading it. */
  private record Stamp(FileTime modified, long size, Path target) {}

  @Override
  public String toString() {
    return "RotatingToken[" + what + " from " + secret.source() + ", ***]";
  }
}
