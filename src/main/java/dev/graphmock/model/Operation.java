package dev.graphmock.model;

import java.util.List;
import java.util.Optional;

/**
 * An action or function the schema declares: bound to an entity type or a collection of one ({@link Binding}), or
 * unbound; its parameters (the binding parameter not among them) and the type of what it returns, if anything.
 *
 * @param returnType the type of the result, or null for none (an action answered 204)
 */
public record Operation(String qualifiedName, boolean action, Binding binding, List<Parameter> parameters,
                        ValueType returnType, boolean returnNullable) {
  public Operation {
    parameters = List.copyOf(parameters);
  }

  /** What a bound operation is bound to: an entity of {@code type} (or derived), or a collection of them. */
  public record Binding(StructuredType type, boolean collection) {
    @Override
    public String toString() {
      return collection ? "Collection(" + type.qualifiedName() + ")" : type.qualifiedName();
    }
  }

  public record Parameter(String name, ValueType type, boolean nullable) {
  }

  /** The name without its namespace, as a URL's segment names it. */
  public String name() {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }

  public Optional<Parameter> parameter(String name) {
    return parameters.stream().filter(parameter -> parameter.name().equals(name)).findFirst();
  }
}
