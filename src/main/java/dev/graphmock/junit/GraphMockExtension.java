package dev.graphmock.junit;

import dev.graphmock.GraphMock;
import dev.graphmock.journal.JournalEntry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * graphmock for a JUnit 5 test class:
 * <pre>
 * &#64;RegisterExtension
 * static GraphMockExtension graph = GraphMockExtension.create();
 *
 * &#64;Test
 * void survivesThrottling() {
 *   graph.addFault("status=429,times=2,retry-after=1,method=GET");
 *   // point the tool under test at graph.baseUrl() …
 *   assertEquals(3, graph.requests(Map.of("method", "GET")).size());
 * }
 * </pre>
 * Registered on a static field, it starts graphmock once before the class (a free port, the database in memory),
 * resets it before each test (no events, an empty journal, no fault rules) and stops it after the class, which
 * frees the port; on an instance field, it starts one before each test and stops it after that test.
 * {@link #builder(UnaryOperator)} sets the rest, as the command line's flags do:
 * {@code GraphMockExtension.builder(b -> b.schema("current").throttle("5/2s"))}.
 *
 * <p>The class's {@code @Nested} classes share its server. Their tests are written against the same field, so
 * they mean the same server, and the reset before each of them gives the fresh state a server of their own would,
 * without a start per nested class; a nested class that wants a server of its own declares a field of its own.
 *
 * <p>A server shared by a class serves its tests one at a time: a reset before one test would wipe what another is
 * doing. So with parallel execution enabled, a test that may run at the same time as others of the class
 * ({@code ExecutionMode.CONCURRENT} on it or on a nested class it is in, by {@code @Execution} or by
 * {@code junit.jupiter.execution.parallel.mode.default}) fails before it starts, saying what to do instead: an
 * instance field, which gives each test a server of its own, or {@code @Execution(ExecutionMode.SAME_THREAD)},
 * which keeps one for the class. It does not quietly start a server per test instead: the static field is also what
 * {@code @BeforeAll} methods read (a client made there for {@code baseUrl()}), and they would keep using the class's
 * server while each test's requests went to its own. For the same reason a static field that several classes share
 * (one in a common superclass) serves one class at a time, and a class that starts while another still uses it
 * fails. Whatever fails, every server started is stopped.
 */
public final class GraphMockExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {
  private final UnaryOperator<GraphMock.Builder> options;
  /** Held while the server is started or forgotten, so that two classes cannot both start one. */
  private final Object lock = new Object();
  /** The server this extension started and whom it serves; null while none runs. */
  private volatile RunningServer running;

  private GraphMockExtension(UnaryOperator<GraphMock.Builder> options) {
    this.options = options;
  }

  /** graphmock with every default: a free port, the database in memory, the {@code seed} schema. */
  public static GraphMockExtension create() {
    return new GraphMockExtension(UnaryOperator.identity());
  }

  /** graphmock with the options {@code options} sets on a {@link GraphMock.Builder}. */
  public static GraphMockExtension builder(UnaryOperator<GraphMock.Builder> options) {
    return new GraphMockExtension(options);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    RunningServer current = running;
    if (current != null && current.serves(context)) {
      // A @Nested class of the class that started it: JUnit calls an enclosing class's extensions for it too.
      return;
    }
    start(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RunningServer current = running;
    if (current == null) {
      // On an instance field the extension is registered after the class started, so no beforeAll made one.
      start(context);
      return;
    }
    if (!current.serves(context)) {
      throw RunningServer.busy(current, context);
    }
    current.refuseConcurrent(context);
    current.graph().reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopIfStartedFor(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopIfStartedFor(context);
  }

  private void start(ExtensionContext context) {
    synchronized (lock) {
      if (running != null) {
        throw RunningServer.busy(running, context);
      }
      running = new RunningServer(options.apply(GraphMock.builder()).start(), context);
    }
  }

  /** Stops the server if it was started for {@code context}: a nested class's end is not its enclosing class's. */
  private void stopIfStartedFor(ExtensionContext context) {
    RunningServer stopping;
    synchronized (lock) {
      stopping = running;
      if (stopping == null || !stopping.startedFor(context)) {
        return;
      }
      // Forgotten before it is closed, so that a stop that fails leaves the extension free for the next class.
      running = null;
    }
    stopping.graph().close();
  }

  /** The running graphmock, for every admin operation. */
  public GraphMock graph() {
    RunningServer current = running;
    if (current == null) {
      throw new IllegalStateException("graphmock runs only while a test of the class that registers it runs");
    }
    return current.graph();
  }

  /** The version root to point a Graph client at, such as {@code http://127.0.0.1:41234/beta}. */
  public String baseUrl() {
    return graph().baseUrl();
  }

  public URI uri() {
    return graph().uri();
  }

  /** Every request of this test in the journal, newest first. */
  public List<JournalEntry> requests() {
    return graph().requests();
  }

  /** The requests {@code filter} selects ({@code method}, {@code path}, {@code status}, …), newest first. */
  public List<JournalEntry> requests(Map<String, String> filter) {
    return graph().requests(filter);
  }

  /** Adds a fault rule (JSON, or the command line's {@code status=429,times=2} form) and returns its id. */
  public String addFault(String rule) {
    return graph().addFault(rule);
  }

  public void clearFaults() {
    graph().clearFaults();
  }
}
