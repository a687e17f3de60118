package com.busdk.upcloud.upcloud;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.CloudException.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns an UpCloud error answer into a {@link CloudException}. Two body shapes exist: the legacy
 * {@code {"error":{"error_code","error_message"}}} of the server, storage and network endpoints,
 * and RFC 7807 problem documents of newer services. The body is read only for these fields and is
 * never logged.
 */
final class UpCloudErrorDecoder implements ErrorDecoder {
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final String PROBLEM_CODE_PREFIX = "#ERROR_";

  private final ObjectMapper mapper;
  private final Supplier<String> token;

  UpCloudErrorDecoder(ObjectMapper mapper, Supplier<String> token) {
    this.mapper = mapper;
    this.token = token;
  }

  @Override
  public Exception decode(String methodKey, Response response) {
    int status = response.status();
    Kind kind = kindOf(status);
    Optional<Duration> retryAfter = retryAfter(response);
    byte[] body = readBody(response);
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
      return new UpCloudFailure(
          kind,
          "",
          status,
          "UpCloud answered HTTP " + status + " with a non-JSON body",
          retryAfter.orElse(null));
    }
    String message =
        "UpCloud error "
            + (code.isEmpty() ? "" : code + " ")
            + "(HTTP "
            + status
            + ")"
            + (detail.isEmpty() ? "" : ": " + detail);
    return new UpCloudFailure(kind, code, status, scrub(message), retryAfter.orElse(null));
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
    return message.replace(token.get(), "***");
  }
}
