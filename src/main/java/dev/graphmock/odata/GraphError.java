package dev.graphmock.odata;

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
 * The one writer of Graph's error body, used for errors from Olingo, from Jetty and from our own code:
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

  /** Seconds a client is asked to wait, in {@code Retry-After}, while the database cannot be reached. */
  public static final int STORE_UNAVAILABLE_RETRY_SECONDS = 2;

  /**
   * What a client is told about a failure of the store it can act on: 507 while the store is out of space (the
   * write was not saved), 503 with {@code Retry-After} while the database cannot be reached, 400 for a value the
   * store cannot hold.
   *
   * @param retryAfterSeconds the Retry-After to send, or null
   */
  public record StoreFailure(int status, String message, Integer retryAfterSeconds) {
    public String code() {
      return codeFor(status);
    }

    public GraphResponse response(GraphRequest request) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", CONTENT_TYPE);
      if (retryAfterSeconds != null) {
        headers.put("Retry-After", String.valueOf(retryAfterSeconds));
      }
      return new GraphResponse(status, headers, body(code(), message, request.requestId(), request.clientRequestId()));
    }
  }

  /** The answer to {@code failure} when it, or a cause of it, is a store failure a client can act on; else null. */
  public static StoreFailure storeFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof dev.graphmock.store.StoreFullException) {
        return new StoreFailure(507, "The store is out of space, so this change was not saved. Reads go on; writes"
            + " succeed again once space is freed.", null);
      }
      if (cause instanceof dev.graphmock.store.UnstorableValueException unstorable) {
        return new StoreFailure(400, unstorable.reason(), null);
      }
      if (cause instanceof dev.graphmock.store.StoreUnavailableException) {
        return new StoreFailure(503, "The database cannot be reached, so this request was not carried out; nothing"
            + " of it was saved. Retry after the time in Retry-After.", STORE_UNAVAILABLE_RETRY_SECONDS);
      }
    }
    return null;
  }

  public static GraphResponse response(int status, String code, String message, GraphRequest request) {
    return new GraphResponse(status, Map.of("Content-Type", CONTENT_TYPE),
        body(code, message, request.requestId(), request.clientRequestId()));
  }

  public static GraphResponse response(int status, String message, GraphRequest request) {
    return response(status, codeFor(status), message, request);
  }
}
