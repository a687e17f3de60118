package com.busdk.upcloud.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.TimeSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link EventBus} over the Bus Events API: publish is {@code POST <collection>}, sent
 * asynchronously with a bounded number outstanding ({@link Publisher}); each subscription is one
 * long-lived NDJSON {@code GET <collection>/stream} read by its own thread; a replay is one {@code
 * replay=true&follow=false} read ({@link ReplayReader}). The JDK client is used because closing a
 * response body unblocks a pending read, which is what lets shutdown finish promptly.
 *
 * <p>Its threads have fixed ceilings whatever the load ({@link BusThreads}): one reader per stream,
 * {@value BusThreads#SENDER_THREADS} senders, {@value BusThreads#CLIENT_THREADS} threads of the
 * HTTP client, and a retry thread only for a publish whose first attempt failed.
 */
public final class HttpEventBus implements EventBus {
  /** How many publishes may be under way at once unless the bus is built otherwise. */
  public static final int DEFAULT_MAX_OUTSTANDING_PUBLISHES = 64;

  private static final Duration STREAM_HEADERS_TIMEOUT = Duration.ofSeconds(30);

  private final EventsSettings settings;
  private final URI collection;
  private final EventCodec codec = new EventCodec();
  private final StreamSubscription.Link link;
  private final ReplayReader replays;
  private final Publisher publisher;
  private final ExecutorService senders;
  private final ExecutorService retries;
  private final EventsProbe probe;
  private final List<StreamSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private HttpEventBus(
      EventsSettings settings,
      EventsToken tokens,
      StreamObserver observer,
      TimeSource time,
      int maxOutstanding) {
    this.settings = requireNonNull(settings, "settings is null");
    requireNonNull(tokens, "tokens is null");
    requireNonNull(time, "time is null");
    this.collection = settings.collection();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // Never shut down: the client needs these threads to deliver the end of a body that
            // close() cuts, and the headers of a replay still on its way; idle, they end alone.
            .executor(BusThreads.bounded("events-http", BusThreads.CLIENT_THREADS))
            .build();
    this.link =
        new StreamSubscription.Link(
            client,
            tokens,
            requireNonNull(observer, "observer is null"),
            settings.retryEnabled(),
            new Backoff(settings.retryMin(), settings.retryMax()));
    this.replays = new ReplayReader(collection, client, tokens);
    this.probe = new EventsProbe(collection, client, tokens);
    this.senders = BusThreads.bounded("events-publish", BusThreads.SENDER_THREADS);
    this.retries = BusThreads.retries();
    this.publisher =
        new Publisher(
            new Publisher.Parts(settings, client, tokens, time, codec, replays),
            senders,
            retries,
            maxOutstanding);
  }

  /** A bus for these settings; it opens no connection until the first publish or subscribe. */
  public static HttpEventBus create(EventsSettings settings) {
    return create(settings, TimeSource.system());
  }

  /**
   * Like {@link #create(EventsSettings)}, with publish retries timed and paused by {@code time}.
   */
  public static HttpEventBus create(EventsSettings settings, TimeSource time) {
    requireNonNull(settings, "settings is null");
    return create(settings, EventsToken.fixed(settings.token()), StreamObserver.NONE, time);
  }

  /**
   * A bus that takes its bearer token from {@code tokens} on every publish and every stream
   * connection (so a rotated token is used from then on) and reports stream connections to {@code
   * observer}. {@code settings.token()} is not used.
   */
  public static HttpEventBus create(
      EventsSettings settings, EventsToken tokens, StreamObserver observer) {
    return create(settings, tokens, observer, TimeSource.system());
  }

  /** Like {@link #create(EventsSettings, EventsToken, StreamObserver)}, timed by {@code time}. */
  public static HttpEventBus create(
      EventsSettings settings, EventsToken tokens, StreamObserver observer, TimeSource time) {
    return create(settings, tokens, observer, time, DEFAULT_MAX_OUTSTANDING_PUBLISHES);
  }

  /**
   * Like {@link #create(EventsSettings, EventsToken, StreamObserver, TimeSource)} with at most
   * {@code maxOutstanding} publishes under way at once.
   */
  public static HttpEventBus create(
      EventsSettings settings,
      EventsToken tokens,
      StreamObserver observer,
      TimeSource time,
      int maxOutstanding) {
    return new HttpEventBus(settings, tokens, observer, time, maxOutstanding);
  }

  /**
   * Publishes at least once and, as far as the Events API lets us tell, at most once (see {@link
   * Publisher}). Pauses between attempts grow up to {@code retryMax} and go through the {@link
   * TimeSource}; the publish gives up once {@code publishFor} has passed.
   */
  @Override
  public CompletableFuture<PublishReceipt> publishAsync(
      String name, String correlationId, EventPayload payload) {
    return publish(name, correlationId, payload, false);
  }

  /** The first attempt on the calling thread, as the minimal JDK responder sends its answers. */
  @Override
  public CompletableFuture<PublishReceipt> publishHere(
      String name, String correlationId, EventPayload payload) {
    return publish(name, correlationId, payload, true);
  }

  private CompletableFuture<PublishReceipt> publish(
      String name, String correlationId, EventPayload payload, boolean here) {
    requireNonNull(name, "name is null");
    ensureOpen();
    String body;
    try {
      body = codec.writeEnvelope(name, correlationId, payload);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new EventBusException(
              EventBusException.Kind.BAD_REQUEST, "cannot encode the payload of " + name, e));
    }
    return publisher.publish(name, correlationId, body, here);
  }

  @Override
  public Subscription subscribe(
      String name, Delivery delivery, EventHandler handler, StreamOptions options) {
    requireNonNull(name, "name is null");
    requireNonNull(delivery, "delivery is null");
    requireNonNull(handler, "handler is null");
    requireNonNull(options, "options is null");
    ensureOpen();
    StreamSubscription subscription =
        new StreamSubscription(
            new StreamSubscription.Spec(
                name,
                streamRequest(name, delivery),
                codecFor(options.maxEventBytes()),
                handler,
                options.onReconnect()),
            link,
            subscriptions::remove);
    subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  /**
   * One bounded look back: {@code replay=true&follow=false} on a broadcast stream of {@code name},
   * each stored event handed to {@code handler} on the calling thread, oldest first. The server
   * ends the answer after its snapshot; {@code timeout} bounds the whole query, so a huge or
   * stalled answer cannot hold the caller, and {@link #close()} ends it at once. Only the event
   * being handled is kept in memory.
   */
  @Override
  public int replay(String name, StreamOptions options, Duration timeout, EventHandler handler) {
    requireNonNull(handler, "handler is null");
    ensureOpen();
    EventCodec lineCodec = codecFor(options.maxEventBytes());
    AtomicInteger handed = new AtomicInteger();
    replays.read(
        name,
        lineCodec.maxEventBytes(),
        timeout,
        line -> {
          Optional<BusEvent> event = EventsApiAnswers.parse(lineCodec, line, name, "replayed ");
          if (event.isPresent()) {
            handler.onEvent(event.get());
            handed.incrementAndGet();
          }
          return Optional.<Void>empty();
        });
    return handed.get();
  }

  /** A read-only probe of the Events API on this bus's client, URL and token. */
  public EventsProbe probe() {
    return probe;
  }

  @Override
  public void close() {
    closed = true;
    for (StreamSubscription subscription : subscriptions) {
      subscription.close();
    }
    replays.closeAll();
    // Publishes already taken still make their first attempt; none is retried any more.
    senders.shutdown();
    retries.shutdownNow();
  }

  private EventCodec codecFor(int maxEventBytes) {
    return maxEventBytes == 0 || maxEventBytes == codec.maxEventBytes()
        ? codec
        : new EventCodec(maxEventBytes);
  }

  private HttpRequest streamRequest(String name, Delivery delivery) {
    StringBuilder query = new StringBuilder();
    query.append("name=").append(encode(name));
    query.append("&delivery=").append(delivery.mode().wire());
    if (delivery.mode() == Delivery.Mode.UNICAST) {
      query.append("&group=").append(encode(delivery.group()));
      query.append("&consumer=").append(encode(delivery.consumer()));
    }
    URI uri = URI.create(EventsUrl.stream(collection) + "?" + query);
    return HttpRequest.newBuilder(uri)
        .timeout(STREAM_HEADERS_TIMEOUT)
        .header("Accept", "application/x-ndjson")
        .GET()
        .build();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("event bus is closed");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }

  @Override
  public String toString() {
    return "HttpEventBus[" + settings + "]";
  }
}
