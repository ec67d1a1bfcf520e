package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.model.ComplexValue;
import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.InvalidValueException;
import dev.graphmock.model.PrimitiveValues;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads any value the type graph declares from JSON, as strictly at every depth as a body's top level is read: an
 * unknown property, a value of the wrong JSON type, a number out of its type's range, an unknown enum member, a
 * {@code null} where the schema allows none, or a complex value of an abstract type with no concrete
 * {@code @odata.type}, is an {@link InvalidEntityException} whose message names the value's path
 * ({@code target.groupId}, {@code roleScopeTagIds[2]}). Values come back as {@link PrimitiveValues} lists them.
 *
 * <p>Type names in {@code @odata.type} are resolved without regard to case, as every other name, with or without
 * the {@code #} OData writes (Graph's own docs send the import action's nested types without it).
 */
public final class ValueReader {
  private static final String BIND = "@odata.bind";
  private final Map<String, StructuredType> typesByLowerName = new HashMap<>();

  public ValueReader(TypeGraph graph) {
    for (StructuredType type : graph.types().values()) {
      typesByLowerName.put(type.qualifiedName().toLowerCase(Locale.ROOT), type);
    }
    // by the alias of its schema too (#graph.x for #microsoft.graph.x), as a name is resolved everywhere else
    graph.aliases().forEach((alias, namespace) -> graph.types().values().stream()
        .filter(type -> type.qualifiedName().equals(namespace + "." + type.name()))
        .forEach(type -> typesByLowerName.putIfAbsent((alias + "." + type.name()).toLowerCase(Locale.ROOT), type)));
  }

  /**
   * The value at the parser's current token, of {@code type}, at {@code path}; {@code nullable} says whether a
   * {@code null} is allowed (for a collection, whether its items may be null: a collection itself never is).
   */
  public Object read(JsonParser json, ValueType type, boolean nullable, String path)
      throws IOException, InvalidEntityException {
    JsonToken token = json.currentToken();
    if (type instanceof ValueType.Collection collection) {
      if (token != JsonToken.START_ARRAY) {
        throw new InvalidEntityException(token == JsonToken.VALUE_NULL
            ? "A null value was found for the property named '" + path + "', which is a collection; send [] for"
                + " none."
            : "Invalid value for property '" + path + "': " + type.qualifiedName() + " expects a JSON array.");
      }
      List<Object> items = new ArrayList<>();
      while (json.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(json, collection.element(), nullable, path + "[" + items.size() + "]"));
      }
      return items;
    }
    if (token == JsonToken.VALUE_NULL) {
      if (!nullable) {
        throw new InvalidEntityException("A null value was found for the property named '" + path
            + "', which does not allow null values.");
      }
      return null;
    }
    try {
      if (type instanceof ValueType.Primitive primitive) {
        return primitive(json, primitive.kind(), path);
      }
      if (type instanceof ValueType.Enumeration enumeration) {
        return member(enumeration.type(), text(json, type, "a member name", path), path);
      }
      return complex(json, ((ValueType.Complex) type).type(), path);
    } catch (InvalidValueException e) {
      throw new InvalidEntityException("Invalid value for property '" + path + "': " + e.getMessage());
    }
  }

  /**
   * The complex value whose object the parser is at, of {@code declared} or the type its {@code @odata.type} names;
   * the parser is left on its {@code END_OBJECT}.
   */
  public ComplexValue complex(JsonParser json, StructuredType declared, String path)
      throws IOException, InvalidEntityException {
    return complex(json, declared, path, null);
  }

  /**
   * An entity's body, whose object the parser is at: its values as {@link #complex} reads them, and into
   * {@code binds} each {@code navigation@odata.bind} it holds (the navigation's name, and the URL it gives), for a
   * single-valued navigation of its type that does not contain its target. The parser is left on its
   * {@code END_OBJECT}.
   */
  public ComplexValue entity(JsonParser json, StructuredType declared, Map<String, String> binds)
      throws IOException, InvalidEntityException {
    return complex(json, declared, "", binds);
  }

  private ComplexValue complex(JsonParser json, StructuredType declared, String path, Map<String, String> binds)
      throws IOException, InvalidEntityException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      throw new InvalidEntityException("Invalid value for property '" + path + "': " + declared.qualifiedName()
          + " expects a JSON object.");
    }
    StructuredType type = declared;
    Map<String, Object> given = new HashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      json.nextToken();
      if (name.equals("@odata.type")) {
        // As ODL reads it: the type first, so that each property is read as the type it belongs to says.
        if (!given.isEmpty()) {
          throw new InvalidEntityException("The '@odata.type' of '" + path + "' must come before its properties.");
        }
        type = typeNamed(json, declared, path);
      } else if (binds != null && name.endsWith(BIND) && name.length() > BIND.length()) {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
          throw new InvalidEntityException("The value of '" + name + "' must be the URL of one entity, such as"
              + " \"https://graph.microsoft.com/beta/…('id')\"; graphmock binds single-valued navigations only.");
        }
        binds.put(name.substring(0, name.length() - BIND.length()), json.getText());
      } else if (name.indexOf('@') >= 0) {
        // Other annotations (x@odata.type, @odata.etag…) say nothing the schema does not.
        json.skipChildren();
      } else {
        StructuredType owner = type;
        Property property = owner.property(name).orElseThrow(() -> new InvalidEntityException("The property '"
            + join(path, name) + "' does not exist on type '" + owner.qualifiedName() + "'. Make sure to only use"
            + " property names that are defined by the type."));
        if (given.containsKey(name)) {
          throw new InvalidEntityException("The property '" + join(path, name) + "' appears more than once.");
        }
        given.put(name, read(json, property.type(), property.nullable(), join(path, name)));
      }
    }
    if (type.isAbstract() && path.isEmpty()) {
      throw new InvalidEntityException("Cannot create an entity of the abstract type '" + type.qualifiedName()
          + "': name a concrete type in '@odata.type' (one of: " + String.join(", ", concreteNames(type)) + ").");
    }
    if (type.isAbstract()) {
      throw new InvalidEntityException("The value of '" + path + "' is of the abstract type '"
          + type.qualifiedName() + "': name a concrete type in its '@odata.type' (one of: "
          + String.join(", ", concreteNames(type)) + ").");
    }
    if (binds != null) {
      for (String navigation : binds.keySet()) {
        dev.graphmock.model.Navigation declaredNavigation = type.navigation(navigation).orElse(null);
        if (declaredNavigation == null) {
          throw new InvalidEntityException("The navigation property '" + navigation + "' does not exist on type '"
              + type.qualifiedName() + "'.");
        }
        if (declaredNavigation.contained() || declaredNavigation.collection()) {
          throw new InvalidEntityException("The navigation property '" + navigation + "' of type '"
              + type.qualifiedName() + "' cannot be bound: it " + (declaredNavigation.contained()
              ? "contains its entities; create them at its own URL." : "is a collection, which graphmock does not"
              + " bind."));
        }
      }
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (Property property : type.properties()) {
      if (given.containsKey(property.name())) {
        ordered.put(property.name(), given.get(property.name()));
      }
    }
    return new ComplexValue(type, ordered);
  }

  private StructuredType typeNamed(JsonParser json, StructuredType declared, String path)
      throws IOException, InvalidEntityException {
    if (json.currentToken() != JsonToken.VALUE_STRING) {
      throw new InvalidEntityException("The value of '" + join(path, "@odata.type") + "' must be a string such as"
          + " '#" + declared.qualifiedName() + "'.");
    }
    String text = json.getText();
    String name = text.startsWith("#") ? text.substring(1) : text;
    StructuredType named = typesByLowerName.get(name.toLowerCase(Locale.ROOT));
    if (named == null) {
      throw new InvalidEntityException("A type named '" + name + "' could not be resolved by the model. When a"
          + " model is available, each type name must resolve to a valid type.");
    }
    if (!named.isA(declared)) {
      throw new InvalidEntityException("A resource with type '" + named.qualifiedName() + "' was found, but it is"
          + " not assignable to the expected type '" + declared.qualifiedName() + "'.");
    }
    return named;
  }

  private static List<String> concreteNames(StructuredType type) {
    return type.family().stream().filter(each -> !each.isAbstract()).map(StructuredType::qualifiedName).toList();
  }

  private static Object primitive(JsonParser json, EdmPrimitive kind, String path)
      throws IOException, InvalidEntityException {
    JsonToken token = json.currentToken();
    ValueType type = new ValueType.Primitive(kind);
    if (PrimitiveValues.isText(kind)) {
      return PrimitiveValues.parse(kind, text(json, type, switch (kind) {
        case STRING -> "a string";
        // as the bundled collection's reader says it, with an example
        case DATE_TIME_OFFSET -> "a date-time string such as " + example(kind);
        case DURATION -> "an ISO 8601 duration string such as " + example(kind);
        default -> "a string such as " + example(kind);
      }, path));
    }
    if (kind == EdmPrimitive.BOOLEAN) {
      if (!token.isBoolean()) {
        throw wrongType(type, "true or false", path);
      }
      return token == JsonToken.VALUE_TRUE;
    }
    if (PrimitiveValues.isInteger(kind)) {
      if (token != JsonToken.VALUE_NUMBER_INT) {
        throw wrongType(type, "an integer", path);
      }
      if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER || json.getLongValue() < PrimitiveValues.min(kind)
          || json.getLongValue() > PrimitiveValues.max(kind)) {
        throw new InvalidValueException(json.getText() + " is out of the range of " + kind.qualifiedName() + ".");
      }
      return kind == EdmPrimitive.INT64 ? (Object) json.getLongValue() : (Object) json.getIntValue();
    }
    if (kind == EdmPrimitive.DECIMAL) {
      if (token.isNumeric()) {
        return json.getDecimalValue();
      }
      // With IEEE754Compatible=true a client sends Decimal (and Int64) as a string.
      try {
        return new BigDecimal(text(json, type, "a number", path));
      } catch (NumberFormatException e) {
        throw new InvalidValueException("'" + json.getText() + "' is not a decimal number.");
      }
    }
    double value;
    if (token.isNumeric()) {
      value = json.getDoubleValue();
    } else if (token == JsonToken.VALUE_STRING) {
      // OData JSON writes the special values of Single and Double as these strings (JSON has no literal for them).
      value = switch (json.getText()) {
        case "NaN" -> Double.NaN;
        case "INF" -> Double.POSITIVE_INFINITY;
        case "-INF" -> Double.NEGATIVE_INFINITY;
        default -> throw wrongType(type, "a number (or \"NaN\", \"INF\", \"-INF\")", path);
      };
    } else {
      throw wrongType(type, "a number", path);
    }
    if (kind == EdmPrimitive.SINGLE) {
      if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
        throw new InvalidValueException(json.getText() + " is out of the range of Edm.Single.");
      }
      return (float) value;
    }
    return value;
  }

  private static String example(EdmPrimitive kind) {
    return switch (kind) {
      case GUID -> "'bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d'";
      case BINARY -> "'AAEC' (base64)";
      case DATE -> "'2024-05-31'";
      case TIME_OF_DAY -> "'13:45:00'";
      case DATE_TIME_OFFSET -> "'2024-05-31T13:45:00Z'";
      case DURATION -> "'PT1H30M'";
      default -> "";
    };
  }

  private static String text(JsonParser json, ValueType type, String what, String path)
      throws IOException, InvalidEntityException {
    if (json.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(type, what, path);
    }
    return json.getText();
  }

  /**
   * A member name, or for a flags enum members separated by commas (each once), written back as Graph writes the
   * combination whatever the order sent ({@link EnumDef#names}: the schema's order); the names as the schema has
   * them.
   */
  private static String member(EnumDef type, String text, String path) throws InvalidEntityException {
    if (!type.flags()) {
      return declared(type, text, path);
    }
    List<String> members = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String member = declared(type, part.trim(), path);
      if (members.contains(member)) {
        throw new InvalidEntityException("Invalid value for property '" + path + "': '" + member + "' is named"
            + " twice.");
      }
      members.add(member);
    }
    return type.names(type.combined(String.join(",", members)));
  }

  private static String declared(EnumDef type, String name, String path) throws InvalidEntityException {
    if (type.valueOf(name).isPresent()) {
      return name;
    }
    throw new InvalidEntityException("Invalid value for property '" + path + "': '" + name + "' is not a member"
        + " of " + type.qualifiedName() + " (one of: " + String.join(", ", type.members().keySet()) + ").");
  }

  private static InvalidEntityException wrongType(ValueType type, String expected, String path) {
    return new InvalidEntityException("Invalid value for property '" + path + "': " + type.qualifiedName()
        + " expects " + expected + ".");
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
