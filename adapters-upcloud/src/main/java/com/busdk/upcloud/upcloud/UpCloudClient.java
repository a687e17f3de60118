package com.busdk.upcloud.upcloud;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import feign.Client;
import feign.Feign;
import feign.Request;
import feign.RequestTemplate;
import feign.Response;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds the Feign client of {@link UpCloudApi}: transport, JSON, errors, retries, credentials. */
final class UpCloudClient {
  private UpCloudClient() {}

  static UpCloudApi api(UpCloudSettings settings, UpCloudToken token, UpCloudCallListener calls) {
    ObjectMapper mapper = mapper();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return Feign.builder()
        .client(observed(new Http2Client(http), calls))
        .encoder(new JacksonEncoder(mapper))
        .decoder(new JacksonDecoder(mapper))
        .errorDecoder(new UpCloudErrorDecoder(mapper, token, settings.timeSource()))
        .retryer(
            new UpCloudRetryer(
                new UpCloudRetryer.Policy(
                    settings.timeSource(), settings.maxRetries(), settings.retryBaseDelay())))
        .options(
            new Request.Options(
                settings.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS,
                settings.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS,
                false))
        // Retries reuse the template: the header is replaced, so a renewed token goes out alone.
        .requestInterceptor(
            template ->
                template
                    .removeHeader("Authorization")
                    .header("Authorization", "Bearer " + token.current()))
        .target(UpCloudApi.class, settings.baseUrl());
  }

  /** Reports each exchange's operation, status and time to {@code calls}. */
  private static Client observed(Client delegate, UpCloudCallListener calls) {
    return (request, options) -> {
      long started = System.nanoTime();
      int status = 0;
      try {
        Response response = delegate.execute(request, options);
        status = response.status();
        return response;
      } finally {
        calls.called(operation(request), status, Duration.ofNanos(System.nanoTime() - started));
      }
    };
  }

  /**
   * The {@link UpCloudApi} method behind a request: {@code UpCloudApi#getServer(String)} →
   * getServer; the HTTP method when the request carries no method metadata.
   */
  static String operation(Request request) {
    if (request == null) {
      return "request";
    }
    RequestTemplate template = request.requestTemplate();
    String key =
        template == null || template.methodMetadata() == null
            ? ""
            : template.methodMetadata().configKey();
    int hash = key.indexOf('#');
    int paren = key.indexOf('(');
    if (hash >= 0 && paren > hash) {
      return key.substring(hash + 1, paren);
    }
    return request.httpMethod().name();
  }

  static ObjectMapper mapper() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
        .build();
  }
}
