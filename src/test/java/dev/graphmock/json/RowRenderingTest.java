package dev.graphmock.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EntityValues;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.model.StoredRow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A page written from kept renderings is byte for byte the page written from the rows' values, for every kind of
 * value, at the levels that use them; a rendering that is not of this format is never written.
 */
class RowRenderingTest {
  static final EnumDef STATE = new EnumDef("t.state", new LinkedHashMap<>(Map.of("unknown", 0L, "enrolled", 1L)));
  static final EntityDef ENTITY = new EntityDef("t.thing", "id", List.of(
      new PropertyDef("id", PropertyKind.STRING, false, null),
      new PropertyDef("name", PropertyKind.STRING, true, null),
      new PropertyDef("count", PropertyKind.INT32, true, null),
      new PropertyDef("big", PropertyKind.INT64, true, null),
      new PropertyDef("ratio", PropertyKind.DOUBLE, true, null),
      new PropertyDef("at", PropertyKind.DATE_TIME_OFFSET, true, null),
      new PropertyDef("took", PropertyKind.DURATION, true, null),
      new PropertyDef("state", PropertyKind.ENUM, true, STATE),
      new PropertyDef("flag", PropertyKind.BOOLEAN, true, null)));
  static final EntityJsonWriter WRITER = new EntityJsonWriter(ENTITY);
  static final RowRendering RENDERING = new RowRendering(ENTITY);

  static List<EntityValues> rows() {
    return List.of(
        row("e1", "plain", 1, 2L, 0.5, "2024-01-01T12:00:00Z", Duration.ofSeconds(90), "enrolled", true),
        row("é\"2\\", "quote \" backslash \\ slash / tab \t nul-free \u0001 line\n ünï©ødé 😀 \u2028", -7,
            Long.MIN_VALUE, 1.0E300, "2024-02-29T23:59:59.1234567+05:30", Duration.ofNanos(100), "unknown", false),
        row("e3", null, null, null, null, null, null, null, null),
        row("e4", "", Integer.MAX_VALUE, Long.MAX_VALUE, Double.NaN, "0001-01-01T00:00:00-12:00",
            Duration.ofDays(3).plusMillis(1), "enrolled", true),
        row("e5", "x".repeat(300), 0, 0L, Double.NEGATIVE_INFINITY, "9999-12-31T23:59:59.9999999Z",
            Duration.ZERO, "unknown", false));
  }

  static EntityValues row(String id, String name, Integer count, Long big, Double ratio, String at, Duration took,
                          String state, Boolean flag) {
    return new EntityValues(ENTITY, new Object[] {id, name, count, big, ratio,
        at == null ? null : DateTimeOffsetValue.parse(at), took, state, flag});
  }

  static byte[] page(MetadataLevel level, Set<String> select, List<StoredRow> rows) {
    EntityJsonWriter.Frame frame = new EntityJsonWriter.Frame(level, "https://h/$metadata#things", "https://h/things");
    return WRITER.collection(frame, 5L, sink -> rows.forEach(sink), () -> "https://h/next", select);
  }

  static StoredRow kept(EntityValues values, byte[] rendered) {
    return StoredRow.of(values, rendered);
  }

  @Test
  void aRenderingEndsWithItsLastValueWhateverItsSize() {
    // Past the stream's first 1,024 bytes its buffer is larger than what it holds; none of the rest is kept.
    for (int size : new int[] {10, 1_000, 3_000, 70_000}) {
      byte[] rendered = RENDERING.render(row("e", "x".repeat(size), 1, 2L, 0.5, null, null, "enrolled", true));
      String text = new String(rendered, StandardCharsets.ISO_8859_1);
      // Each value after the name: its one-byte length, then its text (1, 2, 0.5, null, null, "enrolled", true).
      int nameEnd = text.indexOf("\"x") + size + 2;
      assertEquals(nameEnd + (1 + 1) + (1 + 1) + (1 + 3) + (1 + 4) + (1 + 4) + (1 + 10) + (1 + 4),
          rendered.length, "size " + size);
      assertEquals("true", text.substring(text.length() - 4), "size " + size);
    }
  }

  @ParameterizedTest
  @EnumSource(value = MetadataLevel.class, names = {"MINIMAL", "NONE"})
  void aPageFromRenderingsIsThePageFromValues(MetadataLevel level) {
    List<StoredRow> fromValues = rows().stream().map(StoredRow::of).toList();
    // The values are not there to fall back on: every byte comes from the renderings.
    List<StoredRow> fromRenderings = rows().stream().map(values -> kept(null, RENDERING.render(values))).toList();
    String expected = new String(page(level, null, fromValues), StandardCharsets.UTF_8);
    assertEquals(expected, new String(page(level, null, fromRenderings), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(MetadataLevel.class)
  void anEntityFromItsRenderingIsTheEntityFromItsValues(MetadataLevel level) {
    EntityJsonWriter.Frame frame = new EntityJsonWriter.Frame(level, "https://h/$metadata#things/$entity",
        "https://h/things");
    for (EntityValues values : rows()) {
      byte[] expected = WRITER.entity(frame, values);
      // The values given are another row's: only the rendering can write the expected entity (full metadata, which
      // never uses it, is written from the values given, so they are the right ones there).
      EntityValues given = level == MetadataLevel.FULL ? values : rows().get(0) == values ? rows().get(1) : rows().get(0);
      assertEquals(new String(expected, StandardCharsets.UTF_8),
          new String(WRITER.entityFromRendering(frame, RENDERING.render(values), given), StandardCharsets.UTF_8));
    }
  }

  @Test
  void fullMetadataAndSelectWriteFromValues() {
    assertEquals(false, EntityJsonWriter.usesRendering(
        new EntityJsonWriter.Frame(MetadataLevel.FULL, "c", "s"), null));
    assertEquals(false, EntityJsonWriter.usesRendering(
        new EntityJsonWriter.Frame(MetadataLevel.MINIMAL, "c", "s"), Set.of("name")));
    // A rendering of other values shows which path wrote the page.
    byte[] other = RENDERING.render(rows().get(1));
    List<StoredRow> rows = List.of(kept(rows().get(0), other));
    assertArrayEquals(page(MetadataLevel.FULL, null, List.of(StoredRow.of(rows().get(0)))),
        page(MetadataLevel.FULL, null, rows));
    assertArrayEquals(page(MetadataLevel.MINIMAL, Set.of("name"), List.of(StoredRow.of(rows().get(0)))),
        page(MetadataLevel.MINIMAL, Set.of("name"), rows));
  }

  @Test
  void aRenderingNotOfThisFormatIsNotWritten() {
    EntityValues values = rows().get(1);
    byte[] good = RENDERING.render(values);
    byte[] otherFormat = good.clone();
    otherFormat[0] = (byte) (RowRendering.FORMAT + 1);
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    byte[] emptyValue = {RowRendering.FORMAT, 0};
    byte[] overlongLength = {RowRendering.FORMAT, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f};
    byte[] expected = page(MetadataLevel.MINIMAL, null, List.of(StoredRow.of(rows().get(0))));
    for (byte[] bad : List.of(otherFormat, truncated, longer, emptyValue, overlongLength, new byte[0])) {
      assertNull(RENDERING.object(new byte[] {'{'}, bad), () -> Arrays.toString(bad));
      // Written from the row's values instead (those of another row here, so that the path shows).
      assertArrayEquals(expected, page(MetadataLevel.MINIMAL, null, List.of(kept(rows().get(0), bad))));
    }
    assertNotNull(RENDERING.object(new byte[] {'{'}, good));
  }

  @Test
  void aRowsObjectHasEveryFormJacksonMayAskFor() throws Exception {
    byte[] expected = WRITER.entity(new EntityJsonWriter.Frame(MetadataLevel.NONE, null, null), rows().get(1));
    String text = new String(expected, StandardCharsets.UTF_8);
    com.fasterxml.jackson.core.SerializableString object =
        RENDERING.object(new byte[] {'{'}, RENDERING.render(rows().get(1)));
    assertArrayEquals(expected, object.asUnquotedUTF8());
    assertEquals(text, object.getValue());
    assertEquals(text.length(), object.charLength());
    // A generator writing characters asks for the object's characters.
    java.io.StringWriter chars = new java.io.StringWriter();
    try (com.fasterxml.jackson.core.JsonGenerator json = EntityJsonWriter.JSON.createGenerator(chars)) {
      json.writeStartArray();
      json.writeRawValue(object);
      json.writeRawValue(object);
      json.writeEndArray();
    }
    assertEquals("[" + text + "," + text + "]", chars.toString());
    // Quoted, it is a JSON string whose value is the object's text.
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    String quoted = "\"" + new String(object.asQuotedUTF8(), StandardCharsets.UTF_8) + "\"";
    assertEquals(text, mapper.readValue(quoted, String.class));
    assertEquals(quoted, "\"" + new String(object.asQuotedChars()) + "\"");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    object.writeQuotedUTF8(out);
    assertArrayEquals(object.asQuotedUTF8(), out.toByteArray());
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 * text.length());
    assertEquals(object.asQuotedUTF8().length, object.putQuotedUTF8(buffer));
    byte[] into = new byte[4 * text.length()];
    assertEquals(object.asQuotedUTF8().length, object.appendQuotedUTF8(into, 0));
    char[] charsInto = new char[2 * text.length()];
    assertEquals(object.asQuotedChars().length, object.appendQuoted(charsInto, 0));
    assertEquals(-1, object.appendUnquoted(new char[text.length() - 1], 0), "does not fit");
  }

  @Test
  void aLargeRowIsWrittenWhenItDoesNotFitTheWritersBuffer() {
    // Jackson asks for a copy when the row does not fit what is left of its 8000-byte buffer.
    EntityValues large = row("big", "y".repeat(20_000), 1, 1L, 1.0, null, null, null, null);
    List<StoredRow> rows = List.of(kept(null, RENDERING.render(large)), kept(null, RENDERING.render(rows().get(0))));
    assertArrayEquals(page(MetadataLevel.MINIMAL, null, List.of(StoredRow.of(large), StoredRow.of(rows().get(0)))),
        page(MetadataLevel.MINIMAL, null, rows));
  }
}
