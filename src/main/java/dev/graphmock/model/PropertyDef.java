package dev.graphmock.model;

/** One structural property of an entity type. {@code enumType} is set exactly when {@code kind} is ENUM. */
public record PropertyDef(String name, PropertyKind kind, boolean nullable, EnumDef enumType) {

  public PropertyDef {
    if ((kind == PropertyKind.ENUM) != (enumType != null)) {
      throw new IllegalArgumentException("property " + name + ": enumType must be given exactly for enums");
    }
  }

  /**
   * The value a create gives this property when the body leaves it out. Graph fills in the CLR default of the
   * property's type: null for nullable ones, else 0, false, PT0S, 0001-01-01T00:00:00Z or the enum's 0 member.
   */
  public Object defaultValue() {
    if (nullable) {
      return null;
    }
    return switch (kind) {
      case STRING -> "";
      case BOOLEAN -> Boolean.FALSE;
      case INT32 -> 0;
      case INT64 -> 0L;
      case DOUBLE -> 0.0d;
      case DATE_TIME_OFFSET -> DateTimeOffsetValue.MIN;
      case DURATION -> java.time.Duration.ZERO;
      case ENUM -> enumType.defaultMember();
    };
  }
}
