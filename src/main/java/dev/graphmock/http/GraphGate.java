package dev.graphmock.http;

import dev.graphmock.errors.GraphError;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Graph call before it takes one of the {@code --max-concurrent} places, so that nothing a client does slowly or
 * a fault rule makes it wait for holds one:
 * <ol>
 *   <li>its whole body is read without a thread ({@link Content.Source#asByteArrayAsync}): a client that sends it
 *       slowly holds only its connection, and {@code MinimumDataRateHandler} in front of this ends one that is
 *       slower than a sane minimum;</li>
 *   <li>the pipeline admits it ({@link GraphPipeline#admit}: version root, token, fault rules, throttle);</li>
 *   <li>a fault rule's delay is waited on Jetty's scheduler, with no thread held (Jetty's idle timeout does not
 *       cut a request that is being handled and waits for no I/O, so even a 60 s delay is answered);</li>
 *   <li>an answer decided already (a refusal, a fault's status, the throttle's 429, a drop) is given here; the rest
 *       goes on to the load shedding and {@link GraphExchange}, which serve it.</li>
 * </ol>
 * The admin API goes straight on. A stop ends the delays at once and serves their requests (they are in flight), so
 * that a 60 s latency rule does not hold a stop for its 10 s.
 */
final class GraphGate extends Handler.Wrapper implements Graceful {
  private static final Logger LOG = LoggerFactory.getLogger(GraphGate.class);
  static final String ADMISSION = GraphGate.class.getName() + ".admission";

  private final GraphPipeline pipeline;
  private final Set<Delay> delays = ConcurrentHashMap.newKeySet();
  private volatile boolean shutdown;

  GraphGate(GraphPipeline pipeline, Handler next) {
    super(next);
    this.pipeline = pipeline;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (GraphExchange.isAdmin(request)) {
      return super.handle(request, response, callback);
    }
    // Completed on this thread when the body is here already (every small request); otherwise on a pool thread
    // when the rest arrives, since admitting a request may parse a batch.
    Content.Source.asByteArrayAsync(request, BodyLimit.MAX_BODY_BYTES, Promise.Invocable.from(
        Invocable.InvocationType.BLOCKING, (byte[] body, Throwable failure) -> {
          if (failure != null) {
            bodyFailed(request, response, callback, failure);
          } else {
            admit(request, response, callback, body);
          }
        }));
    return true;
  }

  private void admit(Request request, Response response, Callback callback, byte[] body) {
    Admission admission;
    try {
      admission = pipeline.admit(GraphExchange.root(request), GraphExchange.graphRequest(request, body));
    } catch (RuntimeException e) {
      LOG.warn("request {} could not be admitted: {}", request.getAttribute(RequestIds.REQUEST_ID),
          GraphError.summary(e));
      Response.writeError(request, response, callback, 500);
      return;
    }
    Runnable next = () -> proceed(request, response, callback, admission);
    long delay = admission.delayMillis();
    if (delay <= 0 || shutdown) {
      next.run();
    } else {
      new Delay(request, next).start(delay);
    }
  }

  /** Serves the admitted request: an answer here, work through the load shedding. */
  private void proceed(Request request, Response response, Callback callback, Admission admission) {
    try {
      if (!admission.needsService()) {
        GraphExchange.answer(request, response, callback, admission, pipeline);
        return;
      }
      request.setAttribute(ADMISSION, admission);
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, 404);
      }
    } catch (Throwable e) {
      LOG.warn("request {} failed: {}", request.getAttribute(RequestIds.REQUEST_ID), GraphError.summary(e));
      callback.failed(e);
    }
  }

  /**
   * A body that could not be read whole: past the size limit (413), arriving slower than the minimum rate or not at
   * all until the idle timeout (408), malformed (400); a client that went away gets nothing.
   */
  private static void bodyFailed(Request request, Response response, Callback callback, Throwable failure) {
    if (failure instanceof EofException) {
      callback.failed(failure);
    } else if (failure instanceof HttpException http) {
      Response.writeError(request, response, callback, http.getCode(), http.getReason());
    } else if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
      Response.writeError(request, response, callback, 408, "The request body arrived too slowly: at least "
          + HttpServer.MIN_BODY_BYTES_PER_SECOND + " bytes a second are expected.");
    } else if (failure instanceof IllegalArgumentException) {
      // asByteArrayAsync's own limit, for a body without Content-Length that grew past it
      Response.writeError(request, response, callback, 413);
    } else {
      Response.writeError(request, response, callback, 400);
    }
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    shutdown = true;
    for (Delay delay : delays) {
      delay.now();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  /**
   * One request waiting out its delay on the scheduler, then handed to a pool thread (serving it may use the store,
   * which must not block the scheduler). Ends early at a stop.
   */
  private final class Delay implements Runnable {
    private final Request request;
    private final Runnable next;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Scheduler.Task task;

    Delay(Request request, Runnable next) {
      this.request = request;
      this.next = next;
    }

    void start(long millis) {
      delays.add(this);
      task = request.getComponents().getScheduler().schedule(this, millis, TimeUnit.MILLISECONDS);
      if (shutdown) {
        now();
      }
    }

    /** Ends the delay now (a stop). */
    void now() {
      Scheduler.Task scheduled = task;
      if (scheduled != null) {
        scheduled.cancel();
      }
      run();
    }

    @Override
    public void run() {
      if (done.compareAndSet(false, true)) {
        delays.remove(this);
        request.getComponents().getExecutor().execute(next);
      }
    }
  }
}
