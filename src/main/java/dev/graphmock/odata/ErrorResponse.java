package dev.graphmock.odata;

import dev.graphmock.errors.Failure;
import dev.graphmock.errors.GraphError;
import java.util.LinkedHashMap;
import java.util.Map;

/** Graph's error body as a {@link GraphResponse} to a {@link GraphRequest}, with the request's ids. */
public final class ErrorResponse {
  private ErrorResponse() {
  }

  public static GraphResponse of(int status, String code, String message, GraphRequest request) {
    return new GraphResponse(status, Map.of("Content-Type", GraphError.CONTENT_TYPE),
        GraphError.body(code, message, request.requestId(), request.clientRequestId()));
  }

  public static GraphResponse of(int status, String message, GraphRequest request) {
    return of(status, GraphError.codeFor(status), message, request);
  }

  /** The answer to a request whose serving failed, with Retry-After when the failure asks for one. */
  public static GraphResponse of(Failure failure, GraphRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", GraphError.CONTENT_TYPE);
    if (failure.retryAfterSeconds() != null) {
      headers.put("Retry-After", String.valueOf(failure.retryAfterSeconds()));
    }
    return new GraphResponse(failure.status(), headers, GraphError.body(failure.code(), failure.message(),
        request.requestId(), request.clientRequestId()));
  }
}
