package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The kept form both renderings share ({@link RowRendering} for the bundled table's one type, {@link
 * PropertyRendering} for the engine's): a format byte, then for each property in its type's order the length of its
 * JSON value (unsigned LEB128) and the value's UTF-8 text. The names are not kept, as a page writes its own before
 * each value: an event's rendering with its names was twice as long, which on SQLite's 4 KiB pages left one row
 * where two fitted, and a page of 100 read its rows from the OS instead of the reader's cache (BENCHMARKS.md, "A
 * page's rows, half the size").
 */
final class KeptValues {
  private KeptValues() {
  }

  /** Writes the value at {@code index} with {@code json}, at the generator's root. */
  interface ValueAt {
    void write(JsonGenerator json, int index) throws IOException;
  }

  /** Each name as {@code "name":} in UTF-8, for {@link #pairs}. */
  static byte[][] names(List<String> names) {
    return names.stream()
        .map(name -> ("\"" + new String(new SerializedString(name).asQuotedUTF8(), StandardCharsets.UTF_8) + "\":")
            .getBytes(StandardCharsets.UTF_8))
        .toArray(byte[][]::new);
  }

  /** The kept form of {@code count} values, each written by {@code values} with a generator of {@code factory}. */
  static byte[] keep(byte format, JsonFactory factory, int count, ValueAt values) {
    Texts text = new Texts();
    int[] ends = new int[count];
    int lengths = 0;
    try (JsonGenerator json = factory.createGenerator(text)) {
      // The values are written one after another at the root, each ending where the stream and what the generator
      // still buffers end.
      json.setRootValueSeparator(null);
      int start = 0;
      for (int i = 0; i < count; i++) {
        values.write(json, i);
        ends[i] = text.size() + json.getOutputBuffered();
        lengths += lengthSize(ends[i] - start);
        start = ends[i];
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    byte[] out = new byte[1 + lengths + text.size()];
    out[0] = format;
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
   * The length of {@code kept}'s values written with {@code names} as members ({@code "a":1,"b":2}), or -1 when it
   * is not of {@code format} or does not hold exactly one value for each name (it is then written from its values).
   */
  static int membersLength(byte format, byte[] kept, byte[][] names) {
    if (kept == null || kept.length == 0 || kept[0] != format) {
      return -1;
    }
    int length = Math.max(0, names.length - 1);
    int position = 1;
    for (byte[] name : names) {
      long value = 0;
      int shift = 0;
      while (true) {
        if (position >= kept.length || shift > 28) {
          return -1;
        }
        byte next = kept[position++];
        value |= (long) (next & 0x7f) << shift;
        shift += 7;
        if (next >= 0) {
          break;
        }
      }
      if (value == 0 || value > kept.length - position) {
        return -1;
      }
      position += (int) value;
      length += name.length + (int) value;
    }
    return position == kept.length ? length : -1;
  }

  /**
   * The value at {@code index} of {@code kept} (whose values {@link #membersLength} counted) when it is a JSON string
   * without escapes, as that text; else (or with no such index) null.
   */
  static String plainText(byte[] kept, int index) {
    if (index < 0) {
      return null;
    }
    int position = 1;
    for (int i = 0; ; i++) {
      int length = 0;
      for (int shift = 0; ; shift += 7) {
        byte next = kept[position++];
        length |= (next & 0x7f) << shift;
        if (next >= 0) {
          break;
        }
      }
      if (i == index) {
        int last = position + length - 1;
        if (length < 2 || kept[position] != '"' || kept[last] != '"') {
          return null;
        }
        for (int at = position + 1; at < last; at++) {
          if (kept[at] == '\\') {
            return null;
          }
        }
        return new String(kept, position + 1, length - 2, StandardCharsets.UTF_8);
      }
      position += length;
    }
  }

  /**
   * {@code opening}, {@code kept}'s values as members named {@code names} ({@code membersLength} bytes long, from
   * {@link #membersLength}), then {@code closing}, as raw text a generator copies.
   */
  static SerializableString members(byte[] opening, byte[] kept, byte[][] names, int membersLength, byte[] closing) {
    int length = opening.length + membersLength + closing.length;
    return new Members(opening, kept, names, closing, length, length);
  }

  /**
   * {@link #members} of a {@code kept} known to hold one value for each of {@code names} ({@link #membersLength}
   * said so where it was read), without walking it again: its exact length is only walked for if a generator asks
   * for the text apart. {@code namesLength} is the sum of the names' lengths.
   */
  static SerializableString checkedMembers(byte[] opening, byte[] kept, byte[][] names, int namesLength,
                                           byte[] closing) {
    // the length prefixes (at least one byte each) and the format byte are not written, so this is at least it
    int bound = opening.length + namesLength + Math.max(0, names.length - 1) + kept.length - 1 - names.length
        + closing.length;
    return new Members(opening, kept, names, closing, -1, bound);
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
   * Members written by copying: Jackson's UTF-8 generator asks for them as unquoted UTF-8, into its buffer when
   * they fit and as an array when not; the other forms are made from their text.
   */
  private static final class Members implements SerializableString {
    private final byte[] opening;
    private final byte[] kept;
    private final byte[][] names;
    private final byte[] closing;
    /** The exact length, or -1 until it is asked for. */
    private int length;
    /** At least the exact length: what a buffer must have room for to be written into. */
    private final int bound;

    Members(byte[] opening, byte[] kept, byte[][] names, byte[] closing, int length, int bound) {
      this.opening = opening;
      this.kept = kept;
      this.names = names;
      this.closing = closing;
      this.length = length;
      this.bound = bound;
    }

    private int length() {
      if (length < 0) {
        length = opening.length + membersLength(kept[0], kept, names) + closing.length;
      }
      return length;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (bound > buffer.length - offset) {
        return -1;
      }
      return write(buffer, offset);
    }

    /** Writes the text into {@code buffer} at {@code offset}, which has room for it; returns its length. */
    private int write(byte[] buffer, int offset) {
      int at = offset;
      System.arraycopy(opening, 0, buffer, at, opening.length);
      at += opening.length;
      int position = 1;
      for (int i = 0; i < names.length; i++) {
        int value = 0;
        int shift = 0;
        byte next;
        do {
          next = kept[position++];
          value |= (next & 0x7f) << shift;
          shift += 7;
        } while (next < 0);
        if (i > 0) {
          buffer[at++] = ',';
        }
        System.arraycopy(names[i], 0, buffer, at, names[i].length);
        at += names[i].length;
        System.arraycopy(kept, position, buffer, at, value);
        at += value;
        position += value;
      }
      System.arraycopy(closing, 0, buffer, at, closing.length);
      at += closing.length;
      return at - offset;
    }

    @Override
    public byte[] asUnquotedUTF8() {
      byte[] bytes = new byte[length()];
      write(bytes, 0);
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
      if (length() > buffer.remaining()) {
        return -1;
      }
      buffer.put(asUnquotedUTF8());
      return length();
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

    // The quoted forms are the text as a JSON string, as Jackson quotes any text; a generator writing raw text
    // never asks for them.

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
