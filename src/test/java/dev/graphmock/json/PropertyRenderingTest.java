package dev.graphmock.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.SerializableString;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rendering's bytes, and the raw text a generator copies after an entity's first member, in every form. */
class PropertyRenderingTest {
  @Test
  void aRenderingIsItsTypesPropertiesInOrderAndItsRawFormPrecedesThemWithAComma() throws Exception {
    TypeGraph fleet;
    try (InputStream in = PropertyRenderingTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
    StructuredType site = fleet.type("example.fleet.site").orElseThrow();
    Map<String, Object> values = new LinkedHashMap<>();
    site.properties().forEach(property -> values.put(property.name(), null));
    values.put("id", "s\"1");
    PropertyRendering rendering = new PropertyRendering();
    byte[] kept = rendering.render(site, values);
    assertEquals(PropertyRendering.FORMAT, kept[0]);
    String members = new String(kept, 1, kept.length - 1, StandardCharsets.UTF_8);
    assertEquals("\"id\":\"s\\\"1\"", members.substring(0, members.indexOf(',')), members);

    SerializableString raw = PropertyRendering.raw(kept);
    String text = "," + members;
    assertEquals(text, raw.getValue());
    assertEquals(text.length(), raw.charLength());
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), raw.asUnquotedUTF8());
    byte[] buffer = new byte[text.length() + 3];
    assertEquals(text.length(), raw.appendUnquotedUTF8(buffer, 3));
    assertEquals(text, new String(buffer, 3, text.length(), StandardCharsets.UTF_8));
    assertEquals(-1, raw.appendUnquotedUTF8(new byte[4], 0), "too small a buffer is refused, not overrun");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    raw.writeUnquotedUTF8(out);
    assertEquals(text, out.toString(StandardCharsets.UTF_8));
    assertEquals(text.replace("\\", "\\\\").replace("\"", "\\\""),
        new String(raw.asQuotedUTF8(), StandardCharsets.UTF_8), "quoted as a JSON string quotes it");
  }
}
