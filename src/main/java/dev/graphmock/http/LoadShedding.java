package dev.graphmock.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * After {@link UriLimit}: at most {@code maxConcurrent} requests are worked on at once; a request that cannot
 * start within {@link #WAIT_MILLIS} is answered 503 with {@code Retry-After}, which Graph SDKs' retry handlers
 * honour, instead of queueing without bound until clients time out or memory runs out.
 */
final class LoadShedding extends Handler.Wrapper {
  static final long WAIT_MILLIS = 2_000;
  private final Semaphore permits;

  LoadShedding(int maxConcurrent, Handler handler) {
    super(handler);
    this.permits = new Semaphore(maxConcurrent, true);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!permits.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
      response.getHeaders().put("Retry-After", "1");
      Response.writeError(request, response, callback, 503);
      return true;
    }
    boolean handled = false;
    try {
      handled = super.handle(request, response, Callback.from(callback, (Runnable) permits::release));
      return handled;
    } finally {
      if (!handled) {
        permits.release();
      }
    }
  }
}
