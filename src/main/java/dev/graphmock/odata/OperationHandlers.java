package dev.graphmock.odata;

import dev.graphmock.model.Operation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers of bound operations, by qualified name and binding type ({@code Collection(…)} for a collection);
 * filled by the composition root before the server starts, read-only after.
 */
public final class OperationHandlers {
  private final Map<String, OperationHandler> handlers = new HashMap<>();

  /** @param bindingType the qualified name of the type bound to, {@code Collection(…)} for a collection of it */
  public OperationHandlers register(String qualifiedName, String bindingType, OperationHandler handler) {
    handlers.put(qualifiedName + " " + bindingType, handler);
    return this;
  }

  Optional<OperationHandler> find(Operation operation) {
    return Optional.ofNullable(handlers.get(operation.qualifiedName() + " " + operation.binding()));
  }
}
