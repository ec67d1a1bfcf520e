package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.InvalidValueException;
import dev.graphmock.model.PropertyDef;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads one entity from a JSON body, checking every value against its EDM type, and returns the properties the
 * body named (model values by property name). Anything Graph would refuse is a {@link InvalidEntityException}:
 * unknown properties, wrong JSON types, null for a non-nullable property, unknown enum members, malformed
 * durations and date-times, Int32 overflow, duplicate keys, malformed JSON or UTF-8, a body that is not one object.
 *
 * <p>Why not Olingo's deserializer: it builds a new ObjectMapper per body, turns DateTimeOffsets into UTC or
 * drops trailing digits, reads offset-less date-times as UTC, needs a Precision facet to accept fractional
 * durations, and garbles its message for a wrong {@code @odata.type} (docs/olingo-5.md §2, §3, §5).
 * Annotations other than {@code @odata.type} ({@code @odata.context}, {@code @odata.etag}, {@code x@odata.type})
 * are ignored, so a body copied from a GET can be sent back.
 */
public final class EntityJsonReader {
  /** Jackson's defaults but for nesting, which no entity needs beyond a few levels. */
  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(64).build();
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(LIMITS)
      .build();

  private final EntityDef entity;
  private final Function<String, Optional<String>> typeNames;

  /**
   * @param typeNames resolves a type name, qualified by namespace or alias, to its namespace-qualified name
   */
  public EntityJsonReader(EntityDef entity, Function<String, Optional<String>> typeNames) {
    this.entity = entity;
    this.typeNames = typeNames;
  }

  public Map<String, Object> read(byte[] body) throws InvalidEntityException {
    return read(body, 0, body.length);
  }

  /** The entity in {@code length} bytes of {@code buffer} from {@code offset}, read where they lie (an import line). */
  public Map<String, Object> read(byte[] buffer, int offset, int length) throws InvalidEntityException {
    if (length == 0) {
      throw new InvalidEntityException("The request body is empty; send the entity as a JSON object.");
    }
    try (JsonParser json = JSON.createParser(buffer, offset, length)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEntityException("The request body must be a JSON object.");
      }
      Map<String, Object> values = readObject(json);
      if (json.nextToken() != null) {
        throw new InvalidEntityException("The request body must hold exactly one JSON object.");
      }
      return values;
    } catch (JsonProcessingException e) {
      throw new InvalidEntityException(JsonErrorMessages.of(e, LIMITS));
    } catch (IOException e) {
      throw new InvalidEntityException("The request body could not be read.");
    }
  }

  /** What a client may be told of {@code failure}, met by a parser from {@link #parser}. */
  public static String describe(JsonProcessingException failure) {
    return JsonErrorMessages.of(failure, LIMITS);
  }

  /**
   * A parser for a request body of any of the engine's places, with the limits and duplicate-name check of a body
   * read here (its failures described by {@link #describe}).
   */
  public static JsonParser parser(byte[] body) throws IOException {
    return JSON.createParser(body);
  }

  /** {@link #parser(byte[])} of {@code length} bytes of {@code buffer} from {@code offset}, read where they lie. */
  public static JsonParser parser(byte[] buffer, int offset, int length) throws IOException {
    return JSON.createParser(buffer, offset, length);
  }

  /** A parser for a stream of entities (an import), with the same limits as a single body. */
  public static JsonParser parser(java.io.InputStream in) throws IOException {
    return JSON.createParser(in);
  }

  /**
   * The entity whose object {@code json} is at ({@code START_OBJECT}), read as {@link #read(byte[])} reads a body;
   * the parser is left on its {@code END_OBJECT}. Malformed JSON comes back as Jackson's exception, whose message
   * names Jackson's internals: {@link #describe} says what a client may be told.
   */
  public Map<String, Object> readObject(JsonParser json) throws IOException, InvalidEntityException {
    Map<String, Object> values = new LinkedHashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      json.nextToken();
      if (name.equals("@odata.type")) {
        checkType(json);
      } else if (name.indexOf('@') >= 0) {
        json.skipChildren();
      } else {
        PropertyDef property = entity.property(name).orElseThrow(() -> new InvalidEntityException(
            "The property '" + name + "' does not exist on type '" + entity.qualifiedName()
                + "'. Make sure to only use property names that are defined by the type."));
        values.put(name, value(property, json));
      }
    }
    return values;
  }

  private void checkType(JsonParser json) throws IOException, InvalidEntityException {
    if (json.currentToken() != JsonToken.VALUE_STRING) {
      throw new InvalidEntityException("The value of '@odata.type' must be a string such as '#"
          + entity.qualifiedName() + "'.");
    }
    String text = json.getText();
    String name = text.startsWith("#") ? text.substring(1) : text;
    Optional<String> resolved = typeNames.apply(name);
    if (resolved.isEmpty()) {
      throw new InvalidEntityException("A type named '" + name + "' could not be resolved by the model. When a"
          + " model is available, each type name must resolve to a valid type.");
    }
    if (!resolved.get().equals(entity.qualifiedName())) {
      throw new InvalidEntityException("A resource with type '" + resolved.get() + "' was found, but it is not"
          + " assignable to the expected type '" + entity.qualifiedName() + "'.");
    }
  }

  private static Object value(PropertyDef property, JsonParser json) throws IOException, InvalidEntityException {
    JsonToken token = json.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      if (!property.nullable()) {
        throw new InvalidEntityException("A null value was found for the property named '" + property.name()
            + "', which does not allow null values.");
      }
      return null;
    }
    try {
      return switch (property.kind()) {
        case STRING -> expect(property, json, JsonToken.VALUE_STRING, "a string").getText();
        case BOOLEAN -> {
          if (!token.isBoolean()) {
            throw wrongType(property, "true or false");
          }
          yield token == JsonToken.VALUE_TRUE;
        }
        case INT32 -> integer(property, json, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
        case INT64 -> integer(property, json, Long.MIN_VALUE, Long.MAX_VALUE);
        case DOUBLE -> {
          if (!token.isNumeric()) {
            throw wrongType(property, "a number");
          }
          yield json.getDoubleValue();
        }
        case ENUM -> member(property, expect(property, json, JsonToken.VALUE_STRING, "a member name").getText());
        case DURATION -> Durations.parse(expect(property, json, JsonToken.VALUE_STRING, "an ISO 8601 duration string")
            .getText());
        case DATE_TIME_OFFSET -> DateTimeOffsetValue.parse(
            expect(property, json, JsonToken.VALUE_STRING, "a date-time string").getText());
      };
    } catch (InvalidValueException e) {
      throw new InvalidEntityException("Invalid value for property '" + property.name() + "': "
          + e.getMessage());
    }
  }

  private static JsonParser expect(PropertyDef property, JsonParser json, JsonToken token, String what)
      throws InvalidEntityException {
    if (json.currentToken() != token) {
      throw wrongType(property, what);
    }
    return json;
  }

  private static Long integer(PropertyDef property, JsonParser json, long min, long max)
      throws IOException, InvalidEntityException {
    if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(property, "an integer");
    }
    JsonParser.NumberType type = json.getNumberType();
    if (type == JsonParser.NumberType.BIG_INTEGER || json.getLongValue() < min || json.getLongValue() > max) {
      throw new InvalidEntityException("Invalid value for property '" + property.name() + "': "
          + json.getText() + " is out of the range of " + edmName(property) + ".");
    }
    return json.getLongValue();
  }

  private static String member(PropertyDef property, String name) throws InvalidEntityException {
    EnumDef type = property.enumType();
    if (type.valueOf(name).isEmpty()) {
      throw new InvalidEntityException("Invalid value for property '" + property.name() + "': '" + name
          + "' is not a member of " + type.qualifiedName() + " (one of: "
          + String.join(", ", type.members().keySet()) + ").");
    }
    return name;
  }

  private static InvalidEntityException wrongType(PropertyDef property, String expected) {
    return new InvalidEntityException("Invalid value for property '" + property.name() + "': "
        + edmName(property) + " expects " + expected + ".");
  }

  private static String edmName(PropertyDef property) {
    return switch (property.kind()) {
      case STRING -> "Edm.String";
      case BOOLEAN -> "Edm.Boolean";
      case INT32 -> "Edm.Int32";
      case INT64 -> "Edm.Int64";
      case DOUBLE -> "Edm.Double";
      case DATE_TIME_OFFSET -> "Edm.DateTimeOffset";
      case DURATION -> "Edm.Duration";
      case ENUM -> property.enumType().qualifiedName();
    };
  }
}
