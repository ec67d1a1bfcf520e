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
 * frees the port; on an instance field, once per test. {@link #builder(UnaryOperator)} sets the rest, as the
 * command line's flags do: {@code GraphMockExtension.builder(b -> b.schema("current").throttle("5/2s"))}.
 */
public final class GraphMockExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {
  private final UnaryOperator<GraphMock.Builder> options;
  private GraphMock graph;
  private boolean perTest;

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
    graph = options.apply(GraphMock.builder()).start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (graph == null) {
      perTest = true;
      graph = options.apply(GraphMock.builder()).start();
    } else {
      graph.reset();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void stop() {
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }

  /** The running graphmock, for every admin operation. */
  public GraphMock graph() {
    if (graph == null) {
      throw new IllegalStateException("graphmock runs only while a test of the class that registers it runs");
    }
    return graph;
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
