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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The extension's own promises, checked by running two test classes that use it, in parallel, through JUnit's
 * engine test kit: a free port each, no collision, state reset between tests, the server stopped (its port
 * released) after each class.
 */
class GraphMockExtensionTest {
  /** Where the classes below leave what they saw, by class name. */
  static final Map<String, URI> ORIGINS = new ConcurrentHashMap<>();
  /** Holds both classes' first tests until both run, so that they do run at the same time. */
  static CyclicBarrier together;
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
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(FirstUserClass.class), selectClass(SecondUserClass.class))
        .configurationParameter("graphmock.extension.selftest", "true")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .execute();
    results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));

    URI first = ORIGINS.get("FirstUserClass");
    URI second = ORIGINS.get("SecondUserClass");
    assertNotEquals(first.getPort(), second.getPort(), "each class its own port");
    assertTrue(first.getPort() > 0 && second.getPort() > 0);
    for (URI origin : List.of(first, second)) {
      assertThrows(IOException.class, () -> send("GET", origin + "/beta/$metadata", null),
          "stopped after its class: nothing listens on " + origin);
    }
  }

  @Test
  void outsideATestItSaysSo() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> GraphMockExtension.create().baseUrl());
    assertTrue(refused.getMessage().contains("only while a test"), refused.getMessage());
  }
}
