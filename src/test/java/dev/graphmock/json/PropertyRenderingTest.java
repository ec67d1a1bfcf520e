package dev.graphmock.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.SerializableString;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rendering's bytes (values without names), which of them a page may use, and the raw text a generator copies
 * after an entity's first member, in every form.
 */
class PropertyRenderingTest {
  private static TypeGraph fleet;
  private final PropertyRendering rendering = new PropertyRendering();

  @BeforeAll
  static void readSchema() throws Exception {
    try (InputStream in = PropertyRenderingTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
  }

  private static byte[] siteRendering(PropertyRendering rendering) {
    StructuredType site = fleet.type("example.fleet.site").orElseThrow();
    Map<String, Object> values = new LinkedHashMap<>();
    site.properties().forEach(property -> values.put(property.name(), null));
    values.put("id", "s\"1");
    return rendering.render(site, values);
  }

  @Test
  void aRenderingKeepsItsTypesValuesInOrderWithoutNamesAndItsRawFormNamesThemAfterAComma() throws Exception {
    StructuredType site = fleet.type("example.fleet.site").orElseThrow();
    byte[] kept = siteRendering(rendering);
    assertEquals(PropertyRendering.FORMAT, kept[0]);
    assertEquals(6, kept[1], "the key's value is kept after its length, without its name");
    assertEquals("\"s\\\"1\"", new String(kept, 2, 6, StandardCharsets.UTF_8));
    assertEquals(4, kept[8], "then the next property's null");
    assertEquals(1 + 7 + 4 * 5, kept.length);

    SerializableString raw = rendering.raw(site, kept);
    String text = ",\"id\":\"s\\\"1\",\"name\":null,\"address\":null,\"visits\":null,\"kind\":null";
    assertEquals(text, raw.getValue());
    assertEquals(text.length(), raw.charLength());
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), raw.asUnquotedUTF8());
    byte[] buffer = new byte[text.length() + 3];
    assertEquals(text.length(), raw.appendUnquotedUTF8(buffer, 3));
    assertEquals(text, new String(buffer, 3, text.length(), StandardCharsets.UTF_8));
    assertEquals(-1, raw.appendUnquotedUTF8(new byte[text.length() + 2], 3), "too small a buffer is refused");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    raw.writeUnquotedUTF8(out);
    assertEquals(text, out.toString(StandardCharsets.UTF_8));
    assertEquals(text.replace("\\", "\\\\").replace("\"", "\\\""),
        new String(raw.asQuotedUTF8(), StandardCharsets.UTF_8), "quoted as a JSON string quotes it");
  }

  @Test
  void aValueLongerThanALengthByteHoldsIsWrittenExactlyWhicheverWayTheGeneratorAsks() {
    StructuredType site = fleet.type("example.fleet.site").orElseThrow();
    Map<String, Object> values = new LinkedHashMap<>();
    site.properties().forEach(property -> values.put(property.name(), null));
    values.put("id", "s1");
    values.put("name", "n".repeat(300));
    byte[] kept = rendering.render(site, values);
    assertTrue(rendering.isCurrent(site, kept));
    String text = ",\"id\":\"s1\",\"name\":\"" + "n".repeat(300) + "\",\"address\":null,\"visits\":null,"
        + "\"kind\":null";
    SerializableString raw = rendering.raw(site, kept);
    assertEquals(text, new String(raw.asUnquotedUTF8(), StandardCharsets.UTF_8));
    byte[] roomy = new byte[1000];
    assertEquals(text.length(), raw.appendUnquotedUTF8(roomy, 10));
    assertEquals(text, new String(roomy, 10, text.length(), StandardCharsets.UTF_8));
    assertEquals(-1, raw.appendUnquotedUTF8(new byte[text.length() - 1], 0));
  }

  @Test
  void aKeyKeptAsPlainTextIsReadFromTheRenderingAndOneWithEscapesIsLeftToItsColumn() {
    StructuredType site = fleet.type("example.fleet.site").orElseThrow();
    Map<String, Object> values = new LinkedHashMap<>();
    site.properties().forEach(property -> values.put(property.name(), null));
    values.put("id", "s\u00e9-1");
    values.put("name", "n".repeat(300));
    values.put("kind", "red");
    byte[] kept = rendering.render(site, values);
    assertEquals("s\u00e9-1", rendering.key(site, kept));
    assertEquals("n".repeat(300), KeptValues.plainText(kept, 1), "after a value of one length byte");
    assertEquals(null, KeptValues.plainText(kept, 2), "null is not text");
    assertEquals("red", KeptValues.plainText(kept, 4), "after a value of two length bytes");
    assertEquals(null, rendering.key(site, siteRendering(rendering)), "s\\\"1 is written escaped");
  }

  @Test
  void onlyARenderingOfTheFormatThatHoldsOneValueForEachPropertyOfItsTypeIsCurrent() {
    StructuredType site = fleet.type("example.fleet.site").orElseThrow();
    byte[] kept = siteRendering(rendering);
    assertTrue(rendering.isCurrent(site, kept));
    assertFalse(rendering.isCurrent(site, null));
    assertFalse(rendering.isCurrent(site, new byte[0]));
    byte[] older = kept.clone();
    older[0] = 1;
    assertFalse(rendering.isCurrent(site, older), "format 1 (with names) is not used");
    assertFalse(rendering.isCurrent(site, Arrays.copyOf(kept, kept.length - 1)), "cut short");
    assertFalse(rendering.isCurrent(site, Arrays.copyOf(kept, kept.length + 5)), "more than the type holds");
    StructuredType device = fleet.type("example.fleet.device").orElseThrow();
    assertFalse(rendering.isCurrent(device, kept), "another type's properties");
  }
}
