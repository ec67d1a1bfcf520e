package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueJson;
import dev.graphmock.model.ValueType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link ValueJson} through {@link ValueReader} and {@link ValueWriter}, for the values of one type graph. */
public final class ValueJsonCodec implements ValueJson {
  private static final JsonFactory JSON = new JsonFactory();
  private final ValueReader reader;

  /**
   * Kept JSON values as trees, on the first read of one rather than with the codec: Jackson's databind costs a cold
   * start 80 ms of class loading, and a schema of flat types (the bundled events) never reads one. Only this class
   * names databind's types, so that verifying the codec loads none of them.
   */
  private static final class Trees {
    static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    /** A parser over {@code text}, each object's {@code @odata.type} moved first. */
    static JsonParser parser(String text) throws IOException {
      JsonNode tree = MAPPER.readTree(text);
      typeFirst(tree);
      return tree.traverse(MAPPER);
    }

    private static void typeFirst(JsonNode node) {
      if (node instanceof ObjectNode object) {
        JsonNode type = object.remove("@odata.type");
        if (type != null) {
          Map<String, JsonNode> rest = new LinkedHashMap<>();
          object.properties().forEach(field -> rest.put(field.getKey(), field.getValue()));
          object.removeAll();
          object.set("@odata.type", type);
          object.setAll(rest);
        }
        object.forEach(Trees::typeFirst);
      } else if (node instanceof ArrayNode array) {
        array.forEach(Trees::typeFirst);
      }
    }
  }

  public ValueJsonCodec(TypeGraph graph) {
    this.reader = new ValueReader(graph);
  }

  @Override
  public String write(ValueType type, Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      ValueWriter.write(json, type, value, false);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return text.toString();
  }

  /**
   * A kept value was checked when it was written: one that no longer reads is a fault of the store's, not a 400.
   * PostgreSQL's jsonb keeps an object's members in an order of its own (shorter names first), so each object's
   * {@code @odata.type}, which the reader wants first as ODL does, is put first again.
   */
  @Override
  public Object read(ValueType type, String text) {
    try {
      try (JsonParser json = Trees.parser(text)) {
        json.nextToken();
        return reader.read(json, type, true, "");
      }
    } catch (IOException | InvalidEntityException e) {
      throw new IllegalStateException("a kept " + type.qualifiedName() + " does not read back: " + e.getMessage(), e);
    }
  }
}
