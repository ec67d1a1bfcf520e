package dev.graphmock.http;

import dev.graphmock.odata.ErrorResponse;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Innermost in the chain: serves a Graph call that {@link GraphGate} admitted (its {@link Admission} rides on the
 * request) through the pipeline, on this thread, and writes the answer; anything else (the admin API) goes on to
 * the servlet context. Also how a Graph exchange turns into a {@link GraphRequest} and a {@link GraphResponse} back
 * into bytes on the wire, for the gate's early answers too. Paths stay percent-encoded until OData parses them, so
 * that a key holding {@code %2F} is one segment.
 */
final class GraphExchange extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(GraphExchange.class);
  /** What Jetty adds to our headers (Date, Content-Length, Connection) fits in this, with room to spare. */
  private static final int JETTY_HEADER_BYTES = 1024;
  static final String ADMIN_ROOT = "__admin";

  private final GraphPipeline pipeline;

  /** @param admin where a request that is not an admitted Graph call goes */
  GraphExchange(GraphPipeline pipeline, Handler admin) {
    super(admin);
    this.pipeline = pipeline;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!(request.getAttribute(GraphGate.ADMISSION) instanceof Admission admission)) {
      return super.handle(request, response, callback);
    }
    answer(request, response, callback, admission, pipeline);
    return true;
  }

  /** Serves {@code admission} and writes its answer, or closes the connection when a fault rule drops it. */
  static void answer(Request request, Response response, Callback callback, Admission admission,
                     GraphPipeline pipeline) {
    GraphResponse answer;
    try {
      answer = pipeline.serve(admission);
    } catch (DroppedConnection e) {
      // A fault rule's drop: the client sees the connection close with no answer, as when a network fails.
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.failed(new EofException("dropped by a fault rule"));
      return;
    }
    write(response, callback, answer, admission.request);
  }

  /** The first path segment: the version root ({@code beta}, {@code v1.0}) or {@code __admin}. */
  static String root(Request request) {
    String path = request.getHttpURI().getPath();
    if (path == null || path.length() < 2) {
      return "";
    }
    int end = path.indexOf('/', 1);
    return end < 0 ? path.substring(1) : path.substring(1, end);
  }

  static boolean isAdmin(Request request) {
    return root(request).equals(ADMIN_ROOT);
  }

  /**
   * The request as the pipeline sees it: the version root's absolute URL as the client addressed it, the rest of
   * the path and the query still encoded, the headers each name once (in any case; values in order), the body.
   */
  static GraphRequest graphRequest(Request request, byte[] body) {
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath() == null ? "" : uri.getPath();
    String root = root(request);
    String rest = path.length() > root.length() + 1 ? path.substring(root.length() + 1) : "";
    StringBuilder serviceRoot = new StringBuilder(64);
    URIUtil.appendSchemeHostPort(serviceRoot, uri.getScheme(), Request.getServerName(request),
        Request.getServerPort(request));
    serviceRoot.append('/').append(root);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getName(), name -> new ArrayList<>(1)).add(field.getValue());
    }
    return new GraphRequest(request.getMethod(), serviceRoot.toString(), rest, uri.getQuery(), headers, body,
        (String) request.getAttribute(RequestIds.REQUEST_ID), (String) request.getAttribute(RequestIds.CLIENT_REQUEST_ID));
  }

  /** Writes {@code answer}: its status, its headers beside the ones set before it (ids), its body. */
  static void write(Response response, Callback callback, GraphResponse answer, GraphRequest request) {
    if (headerBytes(answer, response.getHeaders()) > HttpServer.RESPONSE_HEADER_BYTES - JETTY_HEADER_BYTES) {
      // Jetty cannot send headers past its limit and would close the connection without a word; a client is
      // owed an answer, so it gets a small one. The limits on ids keep Graph requests from ever getting here.
      LOG.warn("request {}: the response headers are larger than {} bytes; answering 500", request.requestId(),
          HttpServer.RESPONSE_HEADER_BYTES);
      answer = ErrorResponse.of(500, "The response headers are too large to send.", request);
    }
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    answer.headers().forEach(headers::put);
    byte[] body = answer.body();
    if (body.length > 0 && !answer.headers().containsKey("Content-Length")) {
      headers.put("Content-Length", String.valueOf(body.length));
    }
    response.write(true, body.length == 0 ? null : ByteBuffer.wrap(body), callback);
  }

  private static int headerBytes(GraphResponse answer, HttpFields already) {
    int bytes = 0;
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      bytes += header.getKey().length() + header.getValue().length() + 4;
    }
    for (HttpField field : already) {
      bytes += field.getName().length() + String.valueOf(field.getValue()).length() + 4;
    }
    return bytes;
  }
}
