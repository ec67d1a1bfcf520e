package dev.graphmock.http;

import dev.graphmock.admin.AdminRequest;
import dev.graphmock.admin.AdminResponse;
import dev.graphmock.errors.Failure;
import dev.graphmock.errors.GraphError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's transport: an admin call that {@link AdminAccess} lets through goes to the admin API as an
 * {@link AdminRequest} with its body as a stream (an import may be a gigabyte), and the answer is streamed back.
 * Graph calls never get here ({@link GraphExchange} serves them).
 */
final class AdminServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);

  private final transient Function<AdminRequest, AdminResponse> admin;
  private final transient AdminAccess adminAccess;

  /** @param admin answers the {@code /__admin/} calls that {@code adminAccess} lets through */
  AdminServlet(Function<AdminRequest, AdminResponse> admin, AdminAccess adminAccess) {
    this.admin = admin;
    this.adminAccess = adminAccess;
  }

  @Override
  protected void service(HttpServletRequest http, HttpServletResponse response) throws IOException {
    String uri = http.getRequestURI();
    int rootEnd = uri.indexOf('/', 1);
    String path = rootEnd < 0 ? "" : uri.substring(rootEnd);
    admin(http, response, path, (String) http.getAttribute(RequestIds.REQUEST_ID),
        (String) http.getAttribute(RequestIds.CLIENT_REQUEST_ID));
  }

  /** An admin call: refused, or answered by the admin API, its body streamed to the client. */
  private void admin(HttpServletRequest http, HttpServletResponse response, String path, String requestId,
                     String clientRequestId) throws IOException {
    AdminAccess.Refusal refusal = adminAccess.check(http.getHeader("Authorization"));
    if (refusal != null) {
      if (refusal.challenge() != null) {
        response.setHeader("WWW-Authenticate", refusal.challenge());
      }
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
    } catch (RuntimeException | OutOfMemoryError e) {
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
}
