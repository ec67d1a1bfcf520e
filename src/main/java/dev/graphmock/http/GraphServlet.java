package dev.graphmock.http;

import dev.graphmock.admin.AdminRequest;
import dev.graphmock.admin.AdminResponse;
import dev.graphmock.errors.Failure;
import dev.graphmock.errors.GraphError;
import dev.graphmock.odata.ErrorResponse;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a servlet exchange into a {@link GraphRequest} and writes the {@link GraphResponse} back. Overrides
 * {@code service()} because jakarta.servlet 6 has no {@code doPatch}. Paths stay percent-encoded until OData
 * parses them, so that a key holding {@code %2F} is one segment.
 */
final class GraphServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(GraphServlet.class);

  /** What Jetty adds to our headers (Date, Content-Length, Connection) fits in this, with room to spare. */
  private static final int JETTY_HEADER_BYTES = 1024;

  private static final String ADMIN_ROOT = "__admin";

  private final transient BiFunction<String, GraphRequest, GraphResponse> pipeline;
  private final int responseHeaderLimit;
  private final transient Function<AdminRequest, AdminResponse> admin;
  private final transient AdminAccess adminAccess;

  /**
   * @param pipeline answers a request given its version root, as {@link GraphPipeline#handle} does
   * @param responseHeaderLimit the most bytes of response headers Jetty is configured to send
   * @param admin answers {@code /__admin/} calls that {@code adminAccess} lets through
   */
  GraphServlet(BiFunction<String, GraphRequest, GraphResponse> pipeline, int responseHeaderLimit,
               Function<AdminRequest, AdminResponse> admin, AdminAccess adminAccess) {
    this.pipeline = pipeline;
    this.responseHeaderLimit = responseHeaderLimit;
    this.admin = admin;
    this.adminAccess = adminAccess;
  }

  @Override
  protected void service(HttpServletRequest http, HttpServletResponse response) throws IOException {
    String uri = http.getRequestURI();
    String url = http.getRequestURL().toString();
    String origin = url.substring(0, url.length() - uri.length());
    int rootEnd = uri.indexOf('/', 1);
    String root = rootEnd < 0 ? uri.substring(1) : uri.substring(1, rootEnd);
    String path = rootEnd < 0 ? "" : uri.substring(rootEnd);

    String requestId = (String) http.getAttribute(RequestIds.REQUEST_ID);
    String clientRequestId = (String) http.getAttribute(RequestIds.CLIENT_REQUEST_ID);
    if (root.equals(ADMIN_ROOT)) {
      admin(http, response, path, requestId, clientRequestId);
      return;
    }
    // The body limit is SizeLimitHandler's: a read past it fails here, and Jetty answers 413 (GraphErrorHandler).
    byte[] body = http.getInputStream().readAllBytes();
    GraphRequest request = new GraphRequest(http.getMethod(), origin + "/" + root, path, http.getQueryString(),
        headers(http), body, requestId, clientRequestId);
    GraphResponse result;
    try {
      result = pipeline.apply(root, request);
    } catch (DroppedConnection e) {
      // A fault rule's drop: the client sees the connection close with no answer, as when a network fails.
      ServletContextRequest.getServletContextRequest(http).getConnectionMetaData().getConnection().getEndPoint()
          .close();
      return;
    }
    if (headerBytes(result, response) > responseHeaderLimit - JETTY_HEADER_BYTES) {
      // Jetty cannot send headers past its limit and would close the connection without a word; a client is
      // owed an answer, so it gets a small one. The limits on ids keep Graph requests from ever getting here.
      LOG.warn("request {}: the response headers are larger than {} bytes; answering 500", requestId,
          responseHeaderLimit);
      result = ErrorResponse.of(500, "The response headers are too large to send.", request);
    }
    write(result, response);
  }

  /**
   * The request's headers, each name once (in any case; the first spelling kept) with its values in order, read
   * from Jetty's fields in one pass: the servlet API's name and value enumerations copied them twice more.
   */
  private static Map<String, List<String>> headers(HttpServletRequest http) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : ServletContextRequest.getServletContextRequest(http).getHeaders()) {
      headers.computeIfAbsent(field.getName(), name -> new ArrayList<>(1)).add(field.getValue());
    }
    return headers;
  }

  /** An admin call: refused, or answered by the admin API, its body streamed to the client. */
  private void admin(HttpServletRequest http, HttpServletResponse response, String path, String requestId,
                     String clientRequestId) throws IOException {
    AdminAccess.Refusal refusal = adminAccess.check(http.getHeader("Authorization"));
    if (refusal != null) {
      writeError(response, refusal.status(), refusal.code(), refusal.message(), requestId, clientRequestId);
      return;
    }
    Map<String, String> parameters;
    try {
      parameters = AdminParameters.parse(http.getQueryString());
    } catch (IllegalArgumentException e) {
      writeError(response, 400, "BadRequest", e.getMessage(), requestId, clientRequestId);
      return;
    }
    AdminResponse answer;
    try {
      answer = admin.apply(new AdminRequest(http.getMethod(), path, parameters, http.getContentType(),
          http.getInputStream(), requestId, clientRequestId));
    } catch (RuntimeException e) {
      LOG.warn("admin request {} failed: {} /__admin{}: {}", requestId, http.getMethod(), path,
          GraphError.summary(e));
      Failure failure = Failure.of(e);
      if (failure.retryAfterSeconds() != null) {
        response.setHeader("Retry-After", String.valueOf(failure.retryAfterSeconds()));
      }
      writeError(response, failure.status(), failure.code(), failure.message(), requestId, clientRequestId);
      return;
    }
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    if (answer.body() != null) {
      try {
        answer.body().writeTo(response.getOutputStream());
      } catch (RuntimeException e) {
        // Headers are gone already: all that is left is to end the response short, which the client sees.
        LOG.warn("admin request {} failed while answering: {}", requestId, GraphError.summary(e));
        throw new IOException("the answer could not be completed", e);
      }
    }
  }

  private static void writeError(HttpServletResponse response, int status, String code, String message,
                                 String requestId, String clientRequestId) throws IOException {
    byte[] body = GraphError.body(code, message, requestId, clientRequestId);
    response.setStatus(status);
    response.setContentType(GraphError.CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static int headerBytes(GraphResponse result, HttpServletResponse response) {
    int bytes = 0;
    for (Map.Entry<String, String> header : result.headers().entrySet()) {
      bytes += header.getKey().length() + header.getValue().length() + 4;
    }
    for (String name : response.getHeaderNames()) {
      for (String value : response.getHeaders(name)) {
        bytes += name.length() + value.length() + 4;
      }
    }
    return bytes;
  }

  private static void write(GraphResponse result, HttpServletResponse response) throws IOException {
    response.setStatus(result.status());
    result.headers().forEach(response::setHeader);
    if (result.body().length > 0) {
      response.setContentLength(result.body().length);
      response.getOutputStream().write(result.body());
    }
  }
}
