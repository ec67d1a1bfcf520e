package dev.graphmock.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of an NDJSON body, read from a byte stream one at a time, numbered from 1, each refused unless it is
 * at most {@code maxBytes} long and well-formed UTF-8 ({@link Utf8}). Memory is bounded by the limit: a line is
 * gathered into a buffer that grows to at most {@code maxBytes}, and a longer one is refused as soon as it passes
 * the limit rather than read whole (a line with no end would otherwise fill the heap).
 *
 * <p>A line ends at {@code \n}, {@code \r\n} or a lone {@code \r}, as {@link java.io.BufferedReader#readLine}
 * ended them for the import before, so that line numbers and blank lines count as they did; the ending is not
 * part of the line. A last line without an ending is a line; an empty body has none.
 */
final class CheckedLines {
  /** A line refused: its 1-based number and why. */
  static final class BadLine extends Exception {
    private final long number;

    BadLine(long number, String reason) {
      super("Line " + number + ": " + reason);
      this.number = number;
    }

    long number() {
      return number;
    }
  }

  private static final int CHUNK_BYTES = 64 * 1024;
  private final InputStream in;
  private final int maxBytes;
  private final byte[] chunk = new byte[CHUNK_BYTES];
  private int chunkStart;
  private int chunkEnd;
  private byte[] line;
  private int length;
  private long number;
  /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that ending. */
  private boolean lineFeedEndsLastLine;

  CheckedLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.line = new byte[Math.min(1024, maxBytes)];
  }

  /** Reads the next line: false at the end of the stream, else it is in {@link #bytes()}. */
  boolean next() throws IOException, BadLine {
    length = 0;
    boolean started = false;
    while (true) {
      if (chunkStart == chunkEnd) {
        int read = in.read(chunk, 0, CHUNK_BYTES);
        if (read < 0) {
          return started && finish();
        }
        chunkStart = 0;
        chunkEnd = read;
      }
      if (lineFeedEndsLastLine) {
        lineFeedEndsLastLine = false;
        if (chunk[chunkStart] == '\n') {
          chunkStart++;
          continue;
        }
      }
      started = true;
      int end = chunkStart;
      while (end < chunkEnd && chunk[end] != '\n' && chunk[end] != '\r') {
        end++;
      }
      append(end - chunkStart);
      if (end < chunkEnd) {
        lineFeedEndsLastLine = chunk[end] == '\r';
        chunkStart = end + 1;
        return finish();
      }
      chunkStart = chunkEnd;
    }
  }

  /** The 1-based number of the line read last. */
  long number() {
    return number;
  }

  /** The line read last, without its ending. */
  byte[] bytes() {
    return Arrays.copyOf(line, length);
  }

  /** The buffer holding the line read last in its first {@link #length()} bytes, for copying it on without a copy. */
  byte[] buffer() {
    return line;
  }

  int length() {
    return length;
  }

  /** Whether the line read last holds nothing but white space, as {@link String#isBlank} says. */
  boolean blank() {
    for (int index = 0; index < length; index++) {
      byte b = line[index];
      if (b < 0) {
        // Beyond ASCII, white space such as U+3000 is Unicode's to say.
        return new String(line, 0, length, StandardCharsets.UTF_8).isBlank();
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  private void append(int count) throws BadLine {
    if (count > maxBytes - length) {
      throw new BadLine(number + 1, "it is longer than " + maxBytes + " bytes, the most one event may take (as"
          + " for a POST body).");
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, (int) Math.min(maxBytes, Math.max((long) line.length * 2, length + count)));
    }
    System.arraycopy(chunk, chunkStart, line, length, count);
    length += count;
  }

  private boolean finish() throws BadLine {
    number++;
    int malformed = Utf8.firstMalformed(line, 0, length);
    if (malformed >= 0) {
      throw new BadLine(number, "it is not valid UTF-8 (at byte " + (malformed + 1) + " of the line).");
    }
    return true;
  }
}
