package dev.graphmock.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The EDM primitive types a schema's properties, parameters and return types may have: every one Graph's Autopilot
 * and Intune types use (OData CSDL 4.0, section 4.4), and the others a slice of Graph's CSDL may bring.
 * {@code Edm.Stream}, the geography and geometry types and {@code Edm.Untyped} are not among them: a schema that
 * uses one is refused at start-up.
 */
public enum EdmPrimitive {
  STRING("String"), BOOLEAN("Boolean"), BYTE("Byte"), SBYTE("SByte"), INT16("Int16"), INT32("Int32"),
  INT64("Int64"), SINGLE("Single"), DOUBLE("Double"), DECIMAL("Decimal"), GUID("Guid"), BINARY("Binary"),
  DATE("Date"), TIME_OF_DAY("TimeOfDay"), DATE_TIME_OFFSET("DateTimeOffset"), DURATION("Duration");

  private final String simpleName;

  EdmPrimitive(String simpleName) {
    this.simpleName = simpleName;
  }

  /** {@code Edm.String} and so on, as CSDL and {@code @odata.type} write it. */
  public String qualifiedName() {
    return "Edm." + simpleName;
  }

  /** The type {@code qualifiedName} ({@code Edm.Int32}) names, in any case, if it is one of these. */
  public static Optional<EdmPrimitive> of(String qualifiedName) {
    for (EdmPrimitive primitive : values()) {
      if (primitive.qualifiedName().toLowerCase(Locale.ROOT).equals(qualifiedName.toLowerCase(Locale.ROOT))) {
        return Optional.of(primitive);
      }
    }
    return Optional.empty();
  }
}
