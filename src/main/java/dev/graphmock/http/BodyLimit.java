package dev.graphmock.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's body limit ({@link #MAX_BODY_BYTES}) for every call but the admin API's, whose imports
 * stream bodies of any size (a million events is a gigabyte) and are held in memory one event at a time.
 */
public final class BodyLimit extends SizeLimitHandler {
  /** The largest Graph request body: 4 MiB, far above any entity or batch of 20. */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  static final String ADMIN_PREFIX = "/__admin/";

  BodyLimit() {
    super(MAX_BODY_BYTES, -1);
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
