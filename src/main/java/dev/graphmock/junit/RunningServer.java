package dev.graphmock.junit;

import dev.graphmock.GraphMock;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A graphmock {@link GraphMockExtension} started, and the node of JUnit's test tree it was started for: a class
 * (a static field), whose tests and {@code @Nested} classes it serves one at a time, or a single test (an instance
 * field). Knows which tests it may serve and says clearly why when it may not.
 */
final class RunningServer {
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

  /** Why {@code context} cannot have a server from an extension that already runs {@code running} elsewhere. */
  static ExtensionConfigurationException busy(RunningServer running, ExtensionContext context) {
    return new ExtensionConfigurationException("GraphMockExtension: " + name(context) + " starts while"
        + " the same extension still serves " + running.ownerName + " (a static field both use, such as one in a"
        + " common superclass), and one extension serves one class at a time. Give each class a field of its own,"
        + " or keep the classes from running at the same time (@ResourceLock with the same name on each).");
  }

  /** A class by its name, where a field would go; a test as the report shows it. */
  private static String name(ExtensionContext context) {
    return context.getTestMethod().isPresent() ? "'" + context.getDisplayName() + "'"
        : context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
  }
}
