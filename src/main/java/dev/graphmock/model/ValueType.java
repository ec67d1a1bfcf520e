package dev.graphmock.model;

/**
 * The type of a value a property, parameter or return type holds: a primitive, an enum member (or, for a flags
 * enum, a combination of them), a complex value (of a structured type, or of any type derived from it), or a
 * collection of one of these. Everything that reads, writes, checks or stores a value walks this.
 */
public sealed interface ValueType {
  /** A primitive value. */
  record Primitive(EdmPrimitive kind) implements ValueType {
  }

  /** An enum member, or for a flags enum a combination of members. */
  record Enumeration(EnumDef type) implements ValueType {
  }

  /** A complex value whose type is {@code type} or one derived from it. */
  record Complex(StructuredType type) implements ValueType {
    @Override
    public String toString() {
      return "Complex[" + type.qualifiedName() + "]";
    }
  }

  /** An ordered collection of values of one type (never of collections: CSDL has no nested collections). */
  record Collection(ValueType element) implements ValueType {
  }

  /** The name CSDL writes for this type: {@code Edm.String}, {@code microsoft.graph.x}, {@code Collection(…)}. */
  default String qualifiedName() {
    if (this instanceof Primitive primitive) {
      return primitive.kind().qualifiedName();
    }
    if (this instanceof Enumeration enumeration) {
      return enumeration.type().qualifiedName();
    }
    if (this instanceof Complex complex) {
      return complex.type().qualifiedName();
    }
    return "Collection(" + ((Collection) this).element().qualifiedName() + ")";
  }
}
