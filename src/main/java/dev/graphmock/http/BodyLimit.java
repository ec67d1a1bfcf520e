package dev.graphmock.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's body limit ({@link ServerConfig#MAX_BODY_BYTES}) for every call but the admin API's, whose imports
 * stream bodies of any size (a million events is a gigabyte) and are held in memory one event at a time.
 */
final class BodyLimit extends SizeLimitHandler {
  static final String ADMIN_PREFIX = "/__admin/";

  BodyLimit() {
    super(ServerConfig.MAX_BODY_BYTES, -1);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path != null && path.startsWith(ADMIN_PREFIX)) {
      return getHandler().handle(request, response, callback);
    }
    return super.handle(request, response, callback);
  }
}
