package dev.graphmock.odata;

import dev.graphmock.model.Address;
import dev.graphmock.store.FamilyStore;
import java.util.Map;

/**
 * What one bound action or function does (issue 31, point 6), registered in {@link OperationHandlers} by its
 * qualified name and binding type. The engine routes the call, checks its parameters against the schema first and
 * serialises the result by the declared return type; the handler only does the work. An operation with no handler
 * is a 501 naming it, never a silent 204.
 */
@FunctionalInterface
public interface OperationHandler {
  /**
   * @return the result as a value of the operation's return type: a primitive, enum member name or
   *     {@link dev.graphmock.model.ComplexValue}, a {@link FamilyStore.Kept} entity, or a list of those; null for
   *     none
   */
  Object call(Call call) throws ClientErrorException;

  /**
   * One call: the tenant, what it is bound to ({@code entity} is the bound entity, or null when bound to a
   * collection), its parameters read as their declared types (absent nullable ones as null), and the store.
   */
  record Call(String tenant, Address address, FamilyStore.Kept entity, Map<String, Object> parameters,
              FamilyStore store) {
  }
}
