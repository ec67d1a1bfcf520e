package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import dev.graphmock.model.Property;
import dev.graphmock.model.Rendering;
import dev.graphmock.model.StructuredType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * An entity's properties as the engine writes them in a page with minimal metadata and no {@code $select}: every
 * property of its type, in the type's order, each {@code "name":value} as {@link ValueWriter} writes it without
 * annotations, separated by commas, after a {@link #FORMAT} byte. A page copies them after the entity's
 * {@code @odata.type} ({@link #raw}). A change to how values are written needs a new format number: kept bytes of
 * another format are not used, and the entity is written from its columns.
 */
public final class PropertyRendering implements Rendering {
  /** The format of the bytes; a rendering whose first byte differs is not used. */
  static final byte FORMAT = 1;
  /** Configured as the engine's writer's (default), so that a value is escaped here as it is there. */
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public byte[] render(StructuredType type, Map<String, Object> values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    bytes.write(FORMAT);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      // Written as an object, whose braces are then dropped: a generator writes names only inside one.
      json.writeStartObject();
      for (Property property : type.properties()) {
        json.writeFieldName(property.name());
        ValueWriter.write(json, property.type(), values.get(property.name()), false);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    byte[] written = bytes.toByteArray();
    byte[] kept = new byte[written.length - 2];
    kept[0] = FORMAT;
    System.arraycopy(written, 2, kept, 1, written.length - 3);
    return kept;
  }

  @Override
  public boolean isCurrent(byte[] kept) {
    return kept != null && kept.length > 1 && kept[0] == FORMAT;
  }

  /**
   * The properties of a current rendering as raw JSON for {@link JsonGenerator#writeRaw(SerializableString)}: the
   * members of an object whose generator has written a member before them, so each is preceded by a comma.
   */
  public static SerializableString raw(byte[] kept) {
    return new Raw(kept);
  }

  /**
   * Bytes a generator copies as they are; the calls that want them as characters or quoted get them through a
   * string made on demand.
   */
  private record Raw(byte[] kept) implements SerializableString {
    private int length() {
      return kept.length; // the comma takes the format byte's place
    }

    private void copy(byte[] to, int at) {
      to[at] = ',';
      System.arraycopy(kept, 1, to, at + 1, kept.length - 1);
    }

    @Override
    public byte[] asUnquotedUTF8() {
      byte[] bytes = new byte[length()];
      copy(bytes, 0);
      return bytes;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (offset + length() > buffer.length) {
        return -1;
      }
      copy(buffer, offset);
      return length();
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
      out.write(asUnquotedUTF8());
      return length();
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      if (buffer.remaining() < length()) {
        return -1;
      }
      buffer.put(asUnquotedUTF8());
      return length();
    }

    /** The same bytes as text, for the calls that read raw text as characters or quote it (no page makes them). */
    private com.fasterxml.jackson.core.io.SerializedString text() {
      return new com.fasterxml.jackson.core.io.SerializedString(
          new String(asUnquotedUTF8(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String getValue() {
      return text().getValue();
    }

    @Override
    public int charLength() {
      return text().charLength();
    }

    @Override
    public char[] asQuotedChars() {
      return text().asQuotedChars();
    }

    @Override
    public byte[] asQuotedUTF8() {
      return text().asQuotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      return text().appendQuotedUTF8(buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      return text().appendQuoted(buffer, offset);
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      return text().appendUnquoted(buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
      return text().writeQuotedUTF8(out);
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      return text().putQuotedUTF8(buffer);
    }
  }
}
