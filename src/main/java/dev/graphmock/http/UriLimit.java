package dev.graphmock.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * After {@link RequestIds}: refuses a URL longer than 16 KiB with 414 before any of it is parsed further. Jetty
 * limits the request line and headers together (32 KiB, 431 beyond); URLs get the tighter bound Graph tooling
 * never comes near, so that a runaway client fails fast and clearly.
 */
final class UriLimit extends Handler.Wrapper {
  static final int MAX_URI_BYTES = 16 * 1024;

  UriLimit(Handler handler) {
    super(handler);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String target = request.getHttpURI().getPathQuery();
    if (target != null && target.length() > MAX_URI_BYTES) {
      Response.writeError(request, response, callback, 414);
      return true;
    }
    return super.handle(request, response, callback);
  }
}
