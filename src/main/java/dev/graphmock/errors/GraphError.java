package dev.graphmock.errors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one writer of Graph's error body, used for errors from Olingo, from Jetty, from the admin API and from our
 * own code:
 * <pre>{"error":{"code":"ResourceNotFound","message":"…","innerError":{"date":"2024-07-07T21:59:24",
 *   "request-id":"…","client-request-id":"…"}}}</pre>
 * Graph writes {@code date} without fractional seconds and without a zone designator.
 */
public final class GraphError {
  public static final String CONTENT_TYPE = "application/json;charset=utf-8";
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final Map<Integer, String> CODES = new LinkedHashMap<>();

  static {
    CODES.put(400, "BadRequest");
    CODES.put(401, "InvalidAuthenticationToken");
    CODES.put(403, "Forbidden");
    CODES.put(404, "ResourceNotFound");
    CODES.put(405, "MethodNotAllowed");
    CODES.put(406, "NotAcceptable");
    CODES.put(408, "RequestTimeout");
    CODES.put(409, "Conflict");
    CODES.put(411, "LengthRequired");
    CODES.put(412, "PreconditionFailed");
    CODES.put(413, "RequestEntityTooLarge");
    CODES.put(414, "RequestUriTooLong");
    CODES.put(415, "UnsupportedMediaType");
    CODES.put(424, "FailedDependency");
    CODES.put(428, "PreconditionRequired");
    CODES.put(429, "TooManyRequests");
    CODES.put(431, "RequestHeaderFieldsTooLarge");
    CODES.put(500, "InternalServerError");
    CODES.put(501, "NotImplemented");
    CODES.put(502, "BadGateway");
    CODES.put(503, "ServiceUnavailable");
    CODES.put(504, "GatewayTimeout");
    CODES.put(507, "InsufficientStorage");
  }

  private GraphError() {
  }

  /** Graph's code for a status when nothing more specific is known. */
  public static String codeFor(int status) {
    return CODES.getOrDefault(status, status >= 500 ? "InternalServerError" : "BadRequest");
  }

  public static byte[] body(String code, String message, String requestId, String clientRequestId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("error");
      json.writeStringField("code", code);
      json.writeStringField("message", message);
      json.writeObjectFieldStart("innerError");
      json.writeStringField("date", DATE.format(LocalDateTime.now(ZoneOffset.UTC)));
      json.writeStringField("request-id", requestId);
      json.writeStringField("client-request-id", clientRequestId);
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * An unexpected failure in one line for the server log, its causes after it ({@code StoreException: insert
   * failed <- SQLiteException: [SQLITE_FULL] database or disk is full}): enough to act on, and no stack trace,
   * which must reach neither a client nor a log.
   */
  public static String summary(Throwable failure) {
    StringBuilder line = new StringBuilder();
    for (Throwable cause = failure; cause != null && line.length() < 2_000; cause = cause.getCause()) {
      if (!line.isEmpty()) {
        line.append(" <- ");
      }
      line.append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        line.append(": ").append(cause.getMessage());
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return line.toString();
  }
}
