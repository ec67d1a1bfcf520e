package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EntityValues;
import dev.graphmock.model.PropertyDef;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An entity's property values as the JSON a page writes them, made once when the entity is written and kept by the
 * store beside its columns: a page of 999 events then reads one value a row and copies it, instead of reading 27
 * columns through the driver, decoding their text and encoding it again (BENCHMARKS.md, "Performance round 2,
 * seventh steps"). The store holds it as opaque bytes.
 *
 * <p>The bytes are {@link #FORMAT}, then for each property in schema order the length of its JSON value (unsigned
 * LEB128) and the value's UTF-8 text, exactly as {@link EntityJsonWriter} writes it ({@code null}, {@code "text"},
 * {@code 12}, {@code true}, {@code "PT1H"}, {@code "NaN"}). The names are not kept: the writer puts its own before
 * each value. A rendering of another format, or one that does not parse, is not used: the row is written from its
 * columns instead, so that a change to how values are written only needs a new format number.
 */
public final class RowRendering {
  /** The format of the bytes; a rendering whose first byte differs is ignored. */
  static final byte FORMAT = 1;

  private final EntityDef entity;
  /** Each property's {@code "name":}, as UTF-8, in schema order. */
  private final byte[][] names;

  public RowRendering(EntityDef entity) {
    this.entity = entity;
    this.names = entity.properties().stream()
        .map(property -> ("\"" + new String(new SerializedString(property.name()).asQuotedUTF8(),
            StandardCharsets.UTF_8) + "\":").getBytes(StandardCharsets.UTF_8))
        .toArray(byte[][]::new);
  }

  /** The rendering of {@code values}, which holds every property (as read back from the store). */
  public byte[] render(Map<String, Object> values) {
    List<PropertyDef> properties = entity.properties();
    EntityValues row = values instanceof EntityValues stored && stored.entity() == entity ? stored : null;
    Texts text = new Texts();
    int[] ends = new int[properties.size()];
    int lengths = 0;
    // The writer's own factory, so that a value is escaped here as it is there.
    try (JsonGenerator json = EntityJsonWriter.JSON.createGenerator(text)) {
      // The values are written one after another at the root, each ending where the stream and what the generator
      // still buffers end.
      json.setRootValueSeparator(null);
      int start = 0;
      for (int i = 0; i < ends.length; i++) {
        PropertyDef property = properties.get(i);
        EntityJsonWriter.value(json, property, row != null ? row.at(i) : values.get(property.name()));
        ends[i] = text.size() + json.getOutputBuffered();
        lengths += lengthSize(ends[i] - start);
        start = ends[i];
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    byte[] out = new byte[1 + lengths + text.size()];
    out[0] = FORMAT;
    int at = 1;
    int start = 0;
    for (int end : ends) {
      for (int length = end - start; ; length >>>= 7) {
        if (length < 0x80) {
          out[at++] = (byte) length;
          break;
        }
        out[at++] = (byte) ((length & 0x7f) | 0x80);
      }
      text.copy(start, out, at, end - start);
      at += end - start;
      start = end;
    }
    return out;
  }

  /**
   * The values' texts, in blocks that are never copied into a larger one: a row may be a 4 MiB import line on a
   * small heap, where one array that doubles as it fills (and then a copy of it) would need three times the row's
   * size at once, in one piece. A row of ordinary size fits the first block.
   */
  private static final class Texts extends OutputStream {
    private static final int FIRST_BLOCK = 1024;
    private static final int LARGEST_BLOCK = 64 * 1024;
    private final List<byte[]> blocks = new ArrayList<>(4);
    private byte[] block = new byte[FIRST_BLOCK];
    private int inBlock;
    private int before;

    Texts() {
      blocks.add(block);
    }

    @Override
    public void write(int b) {
      if (inBlock == block.length) {
        next();
      }
      block[inBlock++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      while (length > 0) {
        if (inBlock == block.length) {
          next();
        }
        int count = Math.min(length, block.length - inBlock);
        System.arraycopy(bytes, offset, block, inBlock, count);
        inBlock += count;
        offset += count;
        length -= count;
      }
    }

    private void next() {
      before += block.length;
      block = new byte[Math.min(LARGEST_BLOCK, block.length * 4)];
      blocks.add(block);
      inBlock = 0;
    }

    int size() {
      return before + inBlock;
    }

    /** Copies {@code length} bytes from {@code from} into {@code target} at {@code at}. */
    void copy(int from, byte[] target, int at, int length) {
      int blockStart = 0;
      for (byte[] each : blocks) {
        int blockEnd = blockStart + each.length;
        if (length > 0 && from < blockEnd) {
          int count = Math.min(length, blockEnd - from);
          System.arraycopy(each, from - blockStart, target, at, count);
          from += count;
          at += count;
          length -= count;
        }
        blockStart = blockEnd;
      }
    }
  }

  /** The bytes of {@code length} as unsigned LEB128. */
  private static int lengthSize(int length) {
    int size = 1;
    while (length >= 0x80) {
      length >>>= 7;
      size++;
    }
    return size;
  }

  /**
   * The JSON object of a row from its rendering, {@code opening} first ({@code {} or {@code {"@odata.type":…,}),
   * for {@link JsonGenerator#writeRawValue(SerializableString)}; null when the rendering is of another format or
   * does not parse, and the row must be written from its values.
   */
  SerializableString object(byte[] opening, byte[] rendered) {
    if (rendered == null || rendered.length == 0 || rendered[0] != FORMAT) {
      return null;
    }
    int length = opening.length + 1;
    int position = 1;
    for (byte[] name : names) {
      long value = 0;
      int shift = 0;
      while (true) {
        if (position >= rendered.length || shift > 28) {
          return null;
        }
        byte next = rendered[position++];
        value |= (long) (next & 0x7f) << shift;
        shift += 7;
        if (next >= 0) {
          break;
        }
      }
      if (value == 0 || value > rendered.length - position) {
        return null;
      }
      position += (int) value;
      length += name.length + (int) value;
    }
    if (position != rendered.length) {
      return null;
    }
    return new RenderedObject(opening, rendered, length + names.length - 1);
  }

  /**
   * A row's object, written by copying: Jackson's UTF-8 generator asks for it as unquoted UTF-8, into its buffer
   * when it fits and as an array when not; the other forms are made from its text.
   */
  private final class RenderedObject implements SerializableString {
    private final byte[] opening;
    private final byte[] rendered;
    private final int length;

    RenderedObject(byte[] opening, byte[] rendered, int length) {
      this.opening = opening;
      this.rendered = rendered;
      this.length = length;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (length > buffer.length - offset) {
        return -1;
      }
      int at = offset;
      System.arraycopy(opening, 0, buffer, at, opening.length);
      at += opening.length;
      int position = 1;
      for (int i = 0; i < names.length; i++) {
        int value = 0;
        int shift = 0;
        byte next;
        do {
          next = rendered[position++];
          value |= (next & 0x7f) << shift;
          shift += 7;
        } while (next < 0);
        if (i > 0) {
          buffer[at++] = ',';
        }
        System.arraycopy(names[i], 0, buffer, at, names[i].length);
        at += names[i].length;
        System.arraycopy(rendered, position, buffer, at, value);
        at += value;
        position += value;
      }
      buffer[at++] = '}';
      return at - offset;
    }

    @Override
    public byte[] asUnquotedUTF8() {
      byte[] bytes = new byte[length];
      appendUnquotedUTF8(bytes, 0);
      return bytes;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
      byte[] bytes = asUnquotedUTF8();
      out.write(bytes);
      return bytes.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      if (length > buffer.remaining()) {
        return -1;
      }
      buffer.put(asUnquotedUTF8());
      return length;
    }

    @Override
    public String getValue() {
      return new String(asUnquotedUTF8(), StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
      return getValue().length();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      return text().appendUnquoted(buffer, offset);
    }

    // The quoted forms are the object's text as a JSON string, as Jackson quotes any text; a generator writing raw
    // values never asks for them.

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
    public int writeQuotedUTF8(OutputStream out) throws IOException {
      return text().writeQuotedUTF8(out);
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      return text().putQuotedUTF8(buffer);
    }

    private SerializedString text() {
      return new SerializedString(getValue());
    }
  }
}
