package dev.graphmock.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A connector whose stop closes idle kept-alive connections soon but lets a request in flight finish.
 *
 * <p>A stop waits until every connection is closed, and Jetty closes an idle one only when its idle timeout runs
 * out: with Jetty's default, every server close with a client's connection still open took a second. Jetty's
 * shutdown can shorten the timeout, but it does so for every connection, also those whose request is still
 * reading its body: a client that paused longer than that during a stop had its request cut short (a 500, or the
 * connection closed) where the stop promises to finish it. So the short timeout is set here, connection by
 * connection, on those without a request in flight, and on the others once their request has ended.
 */
final class DrainingConnector extends ServerConnector {
  private final long idleMillisWhenStopping;
  /** The network end points with a request in flight, and how many (one, on HTTP/1.1). */
  private final ConcurrentMap<EndPoint, Integer> busy = new ConcurrentHashMap<>();

  DrainingConnector(Server server, long idleMillisWhenStopping, ConnectionFactory... factories) {
    super(server, factories);
    this.idleMillisWhenStopping = idleMillisWhenStopping;
    // Jetty's own pass over the connections is off (a negative timeout); shutdown() below makes it.
    setShutdownIdleTimeout(-1);
  }

  /** {@code next}, with each request's connection counted as busy until its response is done. First in the chain. */
  Handler tracking(Handler next) {
    return new Handler.Wrapper(next) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        EndPoint endPoint = network(request.getConnectionMetaData().getConnection().getEndPoint());
        started(endPoint);
        boolean handled = false;
        try {
          handled = super.handle(request, response, Callback.from(callback, () -> ended(endPoint)));
          return handled;
        } finally {
          if (!handled) {
            ended(endPoint);
          }
        }
      }
    };
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> done = super.shutdown();
    for (EndPoint endPoint : getConnectedEndPoints()) {
      // Atomic with started() and ended() for this end point: a request that begins meanwhile keeps its timeout.
      busy.compute(endPoint, (key, requests) -> {
        if (requests == null) {
          endPoint.setIdleTimeout(idleMillisWhenStopping);
        }
        return requests;
      });
    }
    return done;
  }

  private void started(EndPoint endPoint) {
    busy.compute(endPoint, (key, requests) -> {
      if (requests == null && isShutdown()) {
        // The stop's pass may have shortened it just before this request began.
        endPoint.setIdleTimeout(getIdleTimeout());
      }
      return requests == null ? 1 : requests + 1;
    });
  }

  /**
   * A response sent once the stop had begun went with {@code Connection: close}, and Jetty closes its connection; one
   * sent before it, whose request ended only after the stop's pass, leaves a kept-alive connection that the pass
   * skipped, so it gets the short timeout now.
   */
  private void ended(EndPoint endPoint) {
    busy.computeIfPresent(endPoint, (key, requests) -> {
      if (requests > 1) {
        return requests - 1;
      }
      if (isShutdown()) {
        endPoint.setIdleTimeout(idleMillisWhenStopping);
      }
      return null;
    });
  }

  /** The connection's network end point: TLS wraps it in one of its own, whose timeout is the network one's. */
  private static EndPoint network(EndPoint endPoint) {
    EndPoint network = endPoint;
    while (network instanceof EndPoint.Wrapper wrapper) {
      network = wrapper.unwrap();
    }
    return network;
  }
}
