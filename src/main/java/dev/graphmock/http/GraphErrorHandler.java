package dev.graphmock.http;

import dev.graphmock.errors.GraphError;
import java.nio.ByteBuffer;
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

  /**
   * Every method gets Graph's body: Jetty's own writes one only for GET, POST and HEAD, so a refused PATCH, PUT or
   * DELETE (a too-long client-request-id, a foreign Host) came back with an empty body.
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                  Callback callback) {
    Object knownId = request.getAttribute(RequestIds.REQUEST_ID);
    String requestId = knownId == null ? RequestIds.newId() : knownId.toString();
    Object knownClientId = request.getAttribute(RequestIds.CLIENT_REQUEST_ID);
    String clientRequestId = knownClientId == null ? requestId : knownClientId.toString();
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(RequestIds.REQUEST_ID, requestId);
    headers.put(RequestIds.CLIENT_REQUEST_ID, clientRequestId);
    headers.put("OData-Version", "4.0");
    headers.put(HttpHeader.CONTENT_TYPE, GraphError.CONTENT_TYPE);
    // Jetty may close the connection after its own errors (a malformed URI, an unread body) without saying so;
    // saying it keeps keep-alive clients from sending their next request into a closing connection.
    headers.put(HttpHeader.CONNECTION, "close");
    if (status == 503) {
      // Overloaded (QoSHandler) or stopping (GracefulHandler): either way, worth retrying in a moment.
      headers.put(HttpHeader.RETRY_AFTER, "1");
    }
    byte[] body = GraphError.body(GraphError.codeFor(status), describe(status, message), requestId, clientRequestId);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  static String describe(int status, String message) {
    return switch (status) {
      case 413 -> "The request body is larger than the limit of " + BodyLimit.MAX_BODY_BYTES + " bytes.";
      case 414 -> "The request URL is too long.";
      case 431 -> "The request headers are too large.";
      case 503 -> "The server is shutting down or overloaded; retry later.";
      default -> status >= 500 ? "An unexpected error occurred."
          : message == null || message.isBlank() || message.equals(org.eclipse.jetty.http.HttpStatus.getMessage(status))
          ? "The request is malformed (HTTP " + status + ")." : message;
    };
  }
}
