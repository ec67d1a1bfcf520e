package dev.graphmock.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets out of a whole JSON body, read as JSON rather than as text, so that JSON's escapes ({@code \t} after a
 * scheme, {@code \}{@code u002B} inside a credential, as .NET's System.Text.Json writes {@code +}) and a
 * {@code $batch}'s percent-encoded {@code url}s hide nothing. Graph's JSON batch is the body this is for:
 * <pre>
 * {"requests":[{"id":"1","method":"GET","url":"/x?access_token=abc",
 *               "headers":{"Authorization":"Bearer\tabc","Cookie":"s=1"}}]}
 * -&gt; {"requests":[{"id":"1","method":"GET","url":"/x?access_token=[redacted]",
 *                  "headers":{"Authorization":"Bearer [redacted]","Cookie":"[redacted]"}}]}
 * </pre>
 * A member whose name is a secret header's ({@link SecretNames}) is reduced as that header would be (a value that
 * is not a string becomes {@code "[redacted]"}); a {@code url} member goes through {@link UrlRedaction}; every
 * other string, and every name, through {@link TextRedaction}. Text that is not one JSON value (a duplicate name,
 * something after the value) is left to {@link TextRedaction} whole: a tree would hold only one of the duplicates,
 * and the body is recorded as sent.
 */
final class JsonRedaction {
  /** Made on first use rather than at start-up, which a JVM's first ObjectMapper slows by a tenth of a second. */
  private static final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  private boolean changed;

  private JsonRedaction() {
  }

  /** The body with its secrets replaced, the same array when it has none; null when it is not one JSON value. */
  static byte[] redact(byte[] body) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (tree == null || tree.isMissingNode()) {
      return null;
    }
    JsonRedaction walk = new JsonRedaction();
    JsonNode redacted = walk.node(tree);
    if (!walk.changed) {
      return body;
    }
    try {
      return Json.MAPPER.writeValueAsBytes(redacted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree just read is written back", e);
    }
  }

  private JsonNode node(JsonNode node) {
    if (node.isTextual()) {
      return text(node, TextRedaction.text(node.textValue()));
    }
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, node(array.get(i)));
      }
    } else if (node.isObject()) {
      object((ObjectNode) node);
    }
    return node;
  }

  private void object(ObjectNode object) {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    List<Map.Entry<String, JsonNode>> original = new ArrayList<>(object.properties());
    boolean renamed = false;
    for (Map.Entry<String, JsonNode> member : original) {
      String name = TextRedaction.text(member.getKey());
      renamed |= !name.equals(member.getKey());
      members.put(name, member(member.getKey(), member.getValue()));
    }
    if (renamed) {
      changed = true;
      object.removeAll();
    }
    object.setAll(members);
  }

  private JsonNode member(String name, JsonNode value) {
    if (SecretNames.header(name)) {
      if (value.isTextual()) {
        return text(value, HeaderRedaction.value(name, value.textValue(), false));
      }
      if (value.isNull()) {
        return value;
      }
      changed = true;
      return TextNode.valueOf(TextRedaction.REDACTED);
    }
    if (name.equalsIgnoreCase("url") && value.isTextual()) {
      return text(value, UrlRedaction.url(value.textValue()));
    }
    return node(value);
  }

  private JsonNode text(JsonNode node, String redacted) {
    if (redacted.equals(node.textValue())) {
      return node;
    }
    changed = true;
    return TextNode.valueOf(redacted);
  }
}
