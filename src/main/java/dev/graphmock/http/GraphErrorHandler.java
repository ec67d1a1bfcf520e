package dev.graphmock.http;

import dev.graphmock.odata.GraphError;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed URI, headers too large, a body over the limit, a rejected request during
 * shutdown) in Graph's error body instead of Jetty's HTML page. Jetty's messages name the problem and never carry
 * a stack trace; for a 5xx the message is replaced all the same.
 */
final class GraphErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                  Callback callback) {
    String requestId = attribute(request, RequestIds.REQUEST_ID);
    String clientRequestId = attribute(request, RequestIds.CLIENT_REQUEST_ID);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(RequestIds.REQUEST_ID, requestId);
    headers.put(RequestIds.CLIENT_REQUEST_ID, clientRequestId == null ? requestId : clientRequestId);
    headers.put(HttpHeader.CONTENT_TYPE, GraphError.CONTENT_TYPE);
    byte[] body = GraphError.body(GraphError.codeFor(status), describe(status, message), requestId,
        clientRequestId == null ? requestId : clientRequestId);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String requestId = UUID.randomUUID().toString();
    fields.put(HttpHeader.CONTENT_TYPE, GraphError.CONTENT_TYPE);
    fields.put(RequestIds.REQUEST_ID, requestId);
    fields.put(RequestIds.CLIENT_REQUEST_ID, requestId);
    return ByteBuffer.wrap(GraphError.body(GraphError.codeFor(status), describe(status, reason), requestId,
        requestId));
  }

  static String describe(int status, String message) {
    return switch (status) {
      case 413 -> "The request body is larger than the limit of " + ServerConfig.MAX_BODY_BYTES + " bytes.";
      case 414 -> "The request URL is too long.";
      case 431 -> "The request headers are too large.";
      case 503 -> "The server is shutting down or overloaded; retry later.";
      default -> status >= 500 || message == null || message.isBlank() ? defaultMessage(status) : message;
    };
  }

  private static String defaultMessage(int status) {
    return status >= 500 ? "An unexpected error occurred." : "The request is malformed.";
  }

  private static String attribute(Request request, String name) {
    Object value = request.getAttribute(name);
    return value == null ? UUID.randomUUID().toString() : value.toString();
  }
}
