package dev.graphmock.odata;

import dev.graphmock.errors.Failure;
import dev.graphmock.errors.GraphError;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ErrorProcessor;
import org.apache.olingo.server.core.ContentNegotiatorException;
import org.apache.olingo.server.core.ODataHandlerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every error Olingo reports, its own and our processors', into Graph's error body (Olingo's default body
 * has no {@code innerError} and leaks exception text on 500). Also corrects two statuses: Olingo answers an
 * unsupported or missing request Content-Type with 406 or 400 where Graph answers 415.
 */
final class GraphErrorProcessor implements ErrorProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(GraphErrorProcessor.class);

  private final GraphRequest request;

  GraphErrorProcessor(GraphRequest request) {
    this.request = request;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // Stateless apart from the request it was made for.
  }

  @Override
  public void processError(ODataRequest odataRequest, ODataResponse response, ODataServerError error,
                           ContentType responseFormat) {
    int status = error.getStatusCode();
    String code = error.getCode();
    String message = error.getMessage();
    Exception cause = error.getException();
    if (isUnsupportedRequestContentType(cause)) {
      status = 415;
      code = null;
      String contentType = request.header("Content-Type");
      message = contentType == null
          ? "The request has a body but no Content-Type; send it as application/json."
          : "The content type '" + contentType + "' is not supported; send the body as application/json.";
    }
    if (status >= 500 && isParserFault(cause)) {
      // Olingo's URI parser fails this way on some malformed expressions (`enrollmentState in ()`): the request's
      // fault, not the server's.
      status = 400;
      code = null;
      message = "The query specified in the URI is not valid: an expression could not be parsed.";
    }
    // Our own refusals (a 501 naming what the engine does not serve yet) are written for the client as they are.
    if (status >= 500 && !(cause instanceof ClientErrorException)) {
      LOG.warn("request {} failed: {} {}: {}", request.requestId(), request.method(), request.path(),
          cause == null ? "(no exception)" : GraphError.summary(cause));
      Failure failure = Failure.of(cause);
      if (failure.expected() || status != 501) {
        status = failure.status();
        code = failure.code();
        message = failure.message();
        if (failure.retryAfterSeconds() != null) {
          response.setHeader("Retry-After", String.valueOf(failure.retryAfterSeconds()));
        }
      } else {
        code = null;
        message = "This request is not supported by graphmock.";
      }
    }
    response.setStatusCode(status);
    response.setHeader(HttpHeader.CONTENT_TYPE, GraphError.CONTENT_TYPE);
    response.setContent(new ResponseBody(GraphError.body(code == null ? GraphError.codeFor(status) : code,
        message, request.requestId(), request.clientRequestId())));
  }

  /** An unchecked exception thrown inside Olingo's URI parser, which parses what the client sent. */
  private static boolean isParserFault(Exception cause) {
    if (!(cause instanceof IllegalArgumentException)) {
      return false;
    }
    for (StackTraceElement frame : cause.getStackTrace()) {
      if (frame.getClassName().startsWith("org.apache.olingo.server.core.uri.parser.")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnsupportedRequestContentType(Exception cause) {
    return cause instanceof ContentNegotiatorException negotiation
        && negotiation.getMessageKey() == ContentNegotiatorException.MessageKeys.UNSUPPORTED_CONTENT_TYPE
        || cause instanceof ODataHandlerException handler
        && (handler.getMessageKey() == ODataHandlerException.MessageKeys.MISSING_CONTENT_TYPE
        || handler.getMessageKey() == ODataHandlerException.MessageKeys.INVALID_CONTENT_TYPE);
  }
}
