package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.busdk.upcloud.ports.TimeSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an UpCloud error answer into a {@link CloudException}. Two body shapes exist: the legacy
 * {@code {"error":{"error_code","error_message"}}} of the server, storage and network endpoints,
 * and RFC 7807 problem documents of newer services. The body is read only for these fields and is
 * never logged.
 *
 * <p>Answers worth another attempt come back as a {@link RetryableException} around the failure,
 * for {@link UpCloudRetryer} to decide on: 5xx and 429 (with {@code Retry-After} as an instant on
 * the adapter's clock), and a 401 after which the token source has a new token.
 */
final class UpCloudErrorDecoder implements ErrorDecoder {
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final String PROBLEM_CODE_PREFIX = "#ERROR_";

  /** Provider codes for "the resource is busy now", which the caller may poll through. */
  private static final Set<String> BUSY_CODES =
      Set.of("SERVER_STATE_ILLEGAL", "STORAGE_STATE_ILLEGAL");

  private final ObjectMapper mapper;
  private final UpCloudToken token;
  private final TimeSource time;

  UpCloudErrorDecoder(ObjectMapper mapper, UpCloudToken token, TimeSource time) {
    this.mapper = mapper;
    this.token = token;
    this.time = time;
  }

  @Override
  public Exception decode(String methodKey, Response response) {
    int status = response.status();
    Optional<Duration> retryAfter = retryAfter(response);
    CloudException failure = failure(status, readBody(response));
    boolean transientFailure = status >= 500 || status == 429;
    boolean renewed = status == 401 && token.renewAfterRefusal(sentToken(response.request()));
    if (!transientFailure && !renewed) {
      return failure;
    }
    Long retryAt = retryAfter.map(delay -> time.now().plus(delay).toEpochMilli()).orElse(null);
    return new RetryableException(
        status,
        failure.getMessage(),
        response.request().httpMethod(),
        failure,
        retryAt,
        response.request(),
        methodKey);
  }

  private CloudException failure(int status, byte[] body) {
    JsonNode json = parse(body);
    String code;
    String detail;
    if (json != null && json.path("error").isObject()) {
      code = json.path("error").path("error_code").asText("");
      detail = json.path("error").path("error_message").asText("");
    } else if (json != null && (json.has("type") || json.has("title"))) {
      code = problemCode(json.path("type").asText(""));
      detail = json.path("title").asText("");
    } else {
      return new CloudException(
          kindOf(status), "", "UpCloud answered HTTP " + status + " with a non-JSON body");
    }
    String message =
        "UpCloud error "
            + (code.isEmpty() ? "" : code + " ")
            + "(HTTP "
            + status
            + ")"
            + (detail.isEmpty() ? "" : ": " + detail);
    return new CloudException(kindOf(status, code), code, scrub(message));
  }

  /** The kind of an answer; a 409 whose code says the resource is busy is {@code BUSY}. */
  static Kind kindOf(int status, String code) {
    return status == 409 && BUSY_CODES.contains(code) ? Kind.BUSY : kindOf(status);
  }

  static Kind kindOf(int status) {
    return switch (status) {
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 404 -> Kind.NOT_FOUND;
      case 409 -> Kind.CONFLICT;
      case 429 -> Kind.RATE_LIMITED;
      default -> status >= 500 ? Kind.PROVIDER : Kind.BAD_REQUEST;
    };
  }

  /** The token a request carried, so a renewal is judged against what was refused. */
  private static String sentToken(Request request) {
    if (request == null) {
      return "";
    }
    for (var header : request.headers().entrySet()) {
      if ("authorization".equalsIgnoreCase(header.getKey())) {
        for (String value : header.getValue()) {
          return value.startsWith("Bearer ") ? value.substring("Bearer ".length()) : value;
        }
      }
    }
    return "";
  }

  /** {@code https://…/errors#ERROR_RESOURCE_NOT_FOUND} → {@code RESOURCE_NOT_FOUND}. */
  private static String problemCode(String type) {
    int at = type.indexOf(PROBLEM_CODE_PREFIX);
    if (at >= 0) {
      return type.substring(at + PROBLEM_CODE_PREFIX.length());
    }
    int hash = type.lastIndexOf('#');
    return hash >= 0 ? type.substring(hash + 1) : type;
  }

  private static Optional<Duration> retryAfter(Response response) {
    for (var header : response.headers().entrySet()) {
      if ("retry-after".equalsIgnoreCase(header.getKey())) {
        Collection<String> values = header.getValue();
        for (String value : values) {
          try {
            long seconds = Long.parseLong(value.trim().toLowerCase(Locale.ROOT));
            if (seconds >= 0) {
              return Optional.of(Duration.ofSeconds(seconds));
            }
          } catch (NumberFormatException notSeconds) {
            // An HTTP-date is legal too; the regular backoff covers it.
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }

  private static byte[] readBody(Response response) {
    if (response.body() == null) {
      return new byte[0];
    }
    try (InputStream in = response.body().asInputStream()) {
      return in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = mapper.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  private String scrub(String message) {
    return message.replace(token.current(), "***");
  }
}
