package dev.graphmock.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension's own promises, checked by running test classes that use it through JUnit's engine test kit, most
 * in parallel: a free port each, no collision, state reset between tests, one server for a class and its
 * {@code @Nested} classes, a clear refusal where tests would share a server at the same time, and every server
 * stopped (its port released) at the end.
 */
class GraphMockExtensionTest {
  /** Where the classes below leave what they saw, by class name. */
  static final Map<String, URI> ORIGINS = new ConcurrentHashMap<>();
  /** Every server the classes below saw, in the order their tests saw them. */
  static final List<URI> SEEN = new CopyOnWriteArrayList<>();
  /** Holds two tests until both run, so that they do run at the same time. */
  static CyclicBarrier together;
  /** For the classes that share a superclass's field: the first one's test runs, the second class has ended. */
  static CountDownLatch firstRunning;
  static CountDownLatch secondEnded;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  static HttpResponse<String> send(String method, String url, String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer t")
        .header("Content-Type", "application/json").method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Runs the classes below only when this test runs them (surefire would otherwise pick them up alone). */
  static final class OnlyFromTheTestKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter("graphmock.extension.selftest").isPresent()
          ? ConditionEvaluationResult.enabled("run by GraphMockExtensionTest")
          : ConditionEvaluationResult.disabled("run only by GraphMockExtensionTest");
    }
  }

  /** A user's class: two tests that each see only their own events and requests. */
  @ExtendWith(OnlyFromTheTestKit.class)
  @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
  abstract static class UserClass {
    abstract GraphMockExtension graph();

    @Test
    void first() throws Exception {
      ORIGINS.put(getClass().getSimpleName(), graph().uri());
      together.await(30, TimeUnit.SECONDS);
      String events = graph().baseUrl() + "/deviceManagement/autopilotEvents";
      assertEquals(201, send("POST", events, "{\"id\":\"mine\"}").statusCode());
      graph().addFault("status=503,times=1,method=DELETE");
      assertEquals("1", send("GET", events + "/$count", null).body());
      assertEquals(2, graph().requests().size());
    }

    @Test
    void second() throws Exception {
      ORIGINS.putIfAbsent(getClass().getSimpleName(), graph().uri());
      String events = graph().baseUrl() + "/deviceManagement/autopilotEvents";
      assertEquals("0", send("GET", events + "/$count", null).body(), "no events left from another test");
      assertEquals(List.of(), graph().graph().faults(), "no fault rules left");
      assertEquals(1, graph().requests().size(), "only this test's request");
      assertEquals(201, send("POST", events, "{\"id\":\"mine\"}").statusCode(), "the id is free again");
    }
  }

  static final class FirstUserClass extends UserClass {
    @RegisterExtension
    static GraphMockExtension graph = GraphMockExtension.create();

    @Override
    GraphMockExtension graph() {
      return graph;
    }
  }

  static final class SecondUserClass extends UserClass {
    @RegisterExtension
    static GraphMockExtension graph = GraphMockExtension.builder(options -> options.schema("current"));

    @Override
    GraphMockExtension graph() {
      return graph;
    }
  }

  @Test
  void twoClassesRunInParallelEachOnItsOwnFreePortResetBeforeEachTestAndStoppedAfter() throws Exception {
    together = new CyclicBarrier(2);
    ORIGINS.clear();
    EngineExecutionResults results = run(true, selectClass(FirstUserClass.class), selectClass(SecondUserClass.class));
    results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));

    URI first = ORIGINS.get("FirstUserClass");
    URI second = ORIGINS.get("SecondUserClass");
    assertNotEquals(first.getPort(), second.getPort(), "each class its own port");
    assertTrue(first.getPort() > 0 && second.getPort() > 0);
    assertStopped(List.of(first, second));
  }

  /** Finds the event table empty, as every test should, and creates the one id every test creates. */
  static void startsEmptyAndCreates(GraphMockExtension graph) throws Exception {
    SEEN.add(graph.uri());
    String events = graph.baseUrl() + "/deviceManagement/autopilotEvents";
    assertEquals("0", send("GET", events + "/$count", null).body(), "no events left from another test");
    assertEquals(201, send("POST", events, "{\"id\":\"mine\"}").statusCode(), "the id is free");
  }

  /** A user's class whose @Nested classes, two deep, are written against its field. */
  @ExtendWith(OnlyFromTheTestKit.class)
  static final class EnclosingUserClass {
    @RegisterExtension
    static GraphMockExtension graph = GraphMockExtension.create();

    @Test
    void outer() throws Exception {
      startsEmptyAndCreates(graph);
    }

    @Nested
    class Inner {
      @Test
      void inner() throws Exception {
        startsEmptyAndCreates(graph);
      }

      @Nested
      class Innermost {
        @Test
        void innermost() throws Exception {
          startsEmptyAndCreates(graph);
        }
      }
    }
  }

  @Test
  void nestedClassesShareTheEnclosingClassServerResetBeforeEachTestAndStoppedOnceAfterIt() throws Exception {
    SEEN.clear();
    run(false, selectClass(EnclosingUserClass.class)).testEvents()
        .assertStatistics(stats -> stats.started(3).succeeded(3).failed(0));

    assertEquals(3, SEEN.size());
    assertEquals(1, Set.copyOf(SEEN).size(), "one server for the class and its nested classes: " + SEEN);
    assertStopped(SEEN);
  }

  /** A user's class whose tests run at the same time, on the static field's one server. */
  @ExtendWith(OnlyFromTheTestKit.class)
  @Execution(ExecutionMode.CONCURRENT)
  static final class ConcurrentTestsOnOneServer {
    @RegisterExtension
    static GraphMockExtension graph = GraphMockExtension.create();

    @BeforeAll
    static void started() {
      SEEN.add(graph.uri());
    }

    @Test
    void one() throws Exception {
      startsEmptyAndCreates(graph);
    }

    @Test
    void two() throws Exception {
      startsEmptyAndCreates(graph);
    }
  }

  /** The same on an instance field: a server per test, each test's create made before either test counts. */
  @ExtendWith(OnlyFromTheTestKit.class)
  @Execution(ExecutionMode.CONCURRENT)
  static final class ConcurrentTestsOnAServerEach {
    @RegisterExtension
    GraphMockExtension graph = GraphMockExtension.create();

    @Test
    void one() throws Exception {
      createsWhileTheOtherDoes();
    }

    @Test
    void two() throws Exception {
      createsWhileTheOtherDoes();
    }

    private void createsWhileTheOtherDoes() throws Exception {
      startsEmptyAndCreates(graph);
      together.await(30, TimeUnit.SECONDS);
      assertEquals("1", send("GET", graph.baseUrl() + "/deviceManagement/autopilotEvents/$count", null).body());
    }
  }

  /** A user's class whose nested class runs beside the class's own test, on the static field's one server. */
  @ExtendWith(OnlyFromTheTestKit.class)
  static final class ConcurrentNestedClassOnOneServer {
    @RegisterExtension
    static GraphMockExtension graph = GraphMockExtension.create();

    @Test
    void outer() throws Exception {
      startsEmptyAndCreates(graph);
    }

    @Nested
    @Execution(ExecutionMode.CONCURRENT)
    class Inner {
      @Test
      @Execution(ExecutionMode.SAME_THREAD)
      void inner() throws Exception {
        startsEmptyAndCreates(graph);
      }
    }
  }

  @Test
  void testsThatRunConcurrentlyAreRefusedOneServerBeforeTheyStartAndGetOneEachFromAnInstanceField()
      throws Exception {
    SEEN.clear();
    Events refused = run(true, selectClass(ConcurrentTestsOnOneServer.class)).testEvents()
        .assertStatistics(stats -> stats.started(2).failed(2));
    Map<String, Throwable> failures = failures(refused);
    assertEquals(Set.of("one()", "two()"), failures.keySet());
    failures.forEach((test, failure) -> {
      assertEquals(ExtensionConfigurationException.class, failure.getClass());
      assertEquals("GraphMockExtension: '" + test + "' may run at the same time as other tests of"
          + " ConcurrentTestsOnOneServer (parallel execution is enabled, and it runs in ExecutionMode.CONCURRENT),"
          + " but they share the one graphmock started for ConcurrentTestsOnOneServer, whose reset before each test"
          + " would wipe what the others are doing. For a graphmock per test, register the extension on an instance"
          + " field (without static, and without @TestInstance(PER_CLASS)); to keep one for the class, run its"
          + " tests one at a time (@Execution(ExecutionMode.SAME_THREAD) on ConcurrentTestsOnOneServer, and"
          + " CONCURRENT on none of its tests or nested classes).", failure.getMessage());
    });
    assertEquals(1, SEEN.size(), "the class's server, and no test's: " + SEEN);
    assertStopped(SEEN);

    SEEN.clear();
    Events nested = run(true, selectClass(ConcurrentNestedClassOnOneServer.class)).testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    Map<String, Throwable> nestedFailures = failures(nested);
    assertEquals(Set.of("inner()"), nestedFailures.keySet());
    assertEquals("GraphMockExtension: 'inner()' may run at the same time as other tests of"
        + " ConcurrentNestedClassOnOneServer (parallel execution is enabled, and Inner runs in"
        + " ExecutionMode.CONCURRENT), but they share the one graphmock started for ConcurrentNestedClassOnOneServer,"
        + " whose reset before each test would wipe what the others are doing. For a graphmock per test, register"
        + " the extension on an instance field (without static, and without @TestInstance(PER_CLASS)); to keep one"
        + " for the class, run its tests one at a time (@Execution(ExecutionMode.SAME_THREAD) on"
        + " ConcurrentNestedClassOnOneServer, and CONCURRENT on none of its tests or nested classes).",
        nestedFailures.get("inner()").getMessage());
    assertStopped(SEEN);

    SEEN.clear();
    run(false, selectClass(ConcurrentTestsOnOneServer.class)).testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
    assertEquals(1, Set.copyOf(SEEN).size(), "without parallel execution its tests run one at a time: " + SEEN);
    assertStopped(SEEN);

    SEEN.clear();
    together = new CyclicBarrier(2);
    run(true, selectClass(ConcurrentTestsOnAServerEach.class)).testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
    assertEquals(2, Set.copyOf(SEEN).size(), "a server per test: " + SEEN);
    assertStopped(SEEN);
  }

  /** A user's superclass, whose one static field its subclasses share. */
  @ExtendWith(OnlyFromTheTestKit.class)
  abstract static class SharedFieldBase {
    @RegisterExtension
    static GraphMockExtension graph = GraphMockExtension.create();
  }

  /** Keeps using its server until the second class has ended, so that the second starts while it runs. */
  static final class FirstSharingClass extends SharedFieldBase {
    @Test
    void keepsItsServer() throws Exception {
      URI mine = graph.uri();
      SEEN.add(mine);
      firstRunning.countDown();
      assertTrue(secondEnded.await(30, TimeUnit.SECONDS), "the second class ended");
      assertEquals(mine, graph.uri(), "still its own server");
      assertEquals(200, send("GET", graph.baseUrl() + "/$metadata", null).statusCode());
    }
  }

  @ExtendWith(AfterTheFirstStarted.class)
  static final class SecondSharingClass extends SharedFieldBase {
    @Test
    void usesItsServer() {
      SEEN.add(graph.uri());
    }
  }

  /** Starts the second class once the first one's test runs (before its field's extension), and says it ended. */
  static final class AfterTheFirstStarted implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
      assertTrue(firstRunning.await(30, TimeUnit.SECONDS), "the first class's test runs");
    }

    @Override
    public void afterAll(ExtensionContext context) {
      secondEnded.countDown();
    }
  }

  @Test
  void aStaticFieldTwoClassesShareServesOneAtATimeAndRefusesTheOtherClearly() throws Exception {
    SEEN.clear();
    firstRunning = new CountDownLatch(1);
    secondEnded = new CountDownLatch(1);
    EngineExecutionResults results = run(true, selectClass(FirstSharingClass.class),
        selectClass(SecondSharingClass.class));

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    Map<String, Throwable> failures = failures(results.containerEvents());
    Throwable refused = failures.get("GraphMockExtensionTest$SecondSharingClass");
    assertEquals(Set.of("GraphMockExtensionTest$SecondSharingClass"), failures.keySet());
    assertEquals(ExtensionConfigurationException.class, refused.getClass());
    assertEquals("GraphMockExtension: SecondSharingClass starts while the same extension still serves"
        + " FirstSharingClass (a static field both use, such as one in a common superclass), and one extension"
        + " serves one class at a time. Give each class a field of its own, or keep the classes from running at"
        + " the same time (@ResourceLock with the same name on each).", refused.getMessage());
    assertEquals(1, SEEN.size(), "the first class's server only: " + SEEN);
    assertStopped(SEEN);
  }

  @Test
  void outsideATestItSaysSo() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> GraphMockExtension.create().baseUrl());
    assertTrue(refused.getMessage().contains("only while a test"), refused.getMessage());
  }

  /**
   * Runs {@code classes} in JUnit's engine, two at a time with parallel execution enabled (classes concurrently,
   * tests as they declare), else one after the other.
   */
  private static EngineExecutionResults run(boolean parallel, DiscoverySelector... classes) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(classes)
        .configurationParameter("graphmock.extension.selftest", "true")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .execute();
  }

  /** What each failed test or container of {@code events} failed with, by display name. */
  private static Map<String, Throwable> failures(Events events) {
    Map<String, Throwable> failures = new TreeMap<>();
    events.failed().stream().forEach(event -> failures.put(event.getTestDescriptor().getDisplayName(),
        event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow()));
    return failures;
  }

  /** Nothing listens on any of {@code origins} any more: each server was stopped and its port released. */
  private static void assertStopped(List<URI> origins) {
    for (URI origin : new LinkedHashSet<>(origins)) {
      assertThrows(IOException.class, () -> send("GET", origin + "/beta/$metadata", null),
          "stopped: nothing listens on " + origin);
    }
  }
}
