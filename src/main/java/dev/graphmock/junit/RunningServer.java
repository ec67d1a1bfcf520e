package dev.graphmock.junit;

import dev.graphmock.GraphMock;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A graphmock {@link GraphMockExtension} started, and the node of JUnit's test tree it was started for: a class
 * (a static field), whose tests and {@code @Nested} classes it serves one at a time, or a single test (an instance
 * field). Knows which tests it may serve and says clearly why when it may not.
 */
final class RunningServer {
  /** JUnit's switch for parallel execution; without it every test runs in one thread, whatever it declares. */
  private static final String PARALLEL_ENABLED = "junit.jupiter.execution.parallel.enabled";

  private final GraphMock graph;
  private final String owner;
  private final String ownerName;

  RunningServer(GraphMock graph, ExtensionContext owner) {
    this.graph = graph;
    this.owner = owner.getUniqueId();
    this.ownerName = name(owner);
  }

  GraphMock graph() {
    return graph;
  }

  /** Whether it was started for {@code context} itself. */
  boolean startedFor(ExtensionContext context) {
    return owner.equals(context.getUniqueId());
  }

  /** Whether {@code context} is the node it was started for or lies inside it (a test, a nested class). */
  boolean serves(ExtensionContext context) {
    for (Optional<ExtensionContext> node = Optional.of(context); node.isPresent(); node = node.get().getParent()) {
      if (startedFor(node.get())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses {@code test}, which this server serves, when JUnit may run it at the same time as another test the
   * server serves: when it, or a class between it and the server's class, runs in {@link ExecutionMode#CONCURRENT}
   * with parallel execution enabled. The declared mode is asked rather than an overlap observed, so that a class
   * that is wrong fails on every run, not on those where its tests happened to meet. JUnit still runs such tests in
   * one thread when their class is {@code @Isolated} or takes a read-write {@code @ResourceLock} itself; the declared
   * mode does not show that, so they are refused too, and {@code @Execution(SAME_THREAD)} says what happens anyway.
   */
  void refuseConcurrent(ExtensionContext test) {
    if (!test.getConfigurationParameter(PARALLEL_ENABLED, Boolean::parseBoolean).orElse(false)) {
      return;
    }
    for (ExtensionContext node = test; !startedFor(node); node = node.getParent().orElseThrow()) {
      if (node.getExecutionMode() == ExecutionMode.CONCURRENT) {
        throw new ExtensionConfigurationException("GraphMockExtension: " + name(test) + " may run at"
            + " the same time as other tests of " + ownerName + " (parallel execution is enabled, and "
            + (node == test ? "it runs" : name(node) + " runs") + " in ExecutionMode.CONCURRENT),"
            + " but they share the one graphmock started for " + ownerName + ", whose reset before each test would"
            + " wipe what the others are doing. For a graphmock per test, register the extension on an instance"
            + " field (without static, and without @TestInstance(PER_CLASS)); to keep one for the class, run its"
            + " tests one at a time (@Execution(ExecutionMode.SAME_THREAD) on " + ownerName + ", and CONCURRENT on"
            + " none of its tests or nested classes).");
      }
    }
  }

  /** Why {@code context} cannot have a server from an extension that already runs {@code running} elsewhere. */
  static ExtensionConfigurationException busy(RunningServer running, ExtensionContext context) {
    return new ExtensionConfigurationException("GraphMockExtension: " + name(context) + " starts while"
        + " the same extension still serves " + running.ownerName + " (a static field both use, such as one in a"
        + " common superclass), and one extension serves one class at a time. Give each class a field of its own,"
        + " or keep the classes from running at the same time (@ResourceLock with the same name on each).");
  }

  /** A class by its simple name, where the field or annotation to change is; a test as the report shows it. */
  private static String name(ExtensionContext context) {
    return context.getTestMethod().isPresent() ? "'" + context.getDisplayName() + "'"
        : context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
  }
}
