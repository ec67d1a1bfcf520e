package dev.graphmock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An NDJSON body (\n and \r written as such) → its lines, numbered; or the line refused, by number, for its length
 * or its UTF-8.
 */
class CheckedLinesTest {
  private static final int CHUNK_BYTES = 64 * 1024;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nothing                         | ''                  | ''",
      "one line without an end         | a                   | 1:a",
      "one line with an end            | a\\n                | 1:a",
      "CRLF                            | a\\r\\nb\\r\\n      | 1:a 2:b",
      "a lone CR ends a line           | a\\rb               | 1:a 2:b",
      "CR, then LF: one ending         | a\\r\\n\\nb         | 1:a 2: 3:b",
      "blank lines count               | \\n\\na\\n\\n       | 1: 2: 3:a 4:",
      "a lone LF                       | \\n                 | 1:",
      "a lone CR                       | \\r                 | 1:",
      "LF, then CR: two endings        | a\\n\\rb            | 1:a 2: 3:b"})
  void splitsLinesAsBufferedReaderDid(String what, String body, String expected) throws Exception {
    String text = unescape(body);
    assertEquals(expected, show(new CheckedLines(bytes(text), 100)));
    assertEquals(expected, show(new CheckedLines(new Trickle(text.getBytes(StandardCharsets.UTF_8)), 100)),
        "read a byte at a time");
    assertEquals(expected, readLines(text), "as BufferedReader.readLine splits them");
  }

  @Test
  void aCrLfAcrossTwoReadsIsOneEnding() throws Exception {
    String text = "x".repeat(CHUNK_BYTES - 1) + "\r\nb";
    CheckedLines lines = new CheckedLines(bytes(text), CHUNK_BYTES);
    assertTrue(lines.next());
    assertEquals(CHUNK_BYTES - 1, lines.length());
    assertTrue(lines.next());
    assertEquals("b", new String(lines.bytes(), StandardCharsets.UTF_8));
    assertEquals(2, lines.number());
    assertFalse(lines.next());
  }

  @Test
  void takesALineOfTheLimitAndRefusesOneByteMoreNamingIt() throws Exception {
    CheckedLines lines = new CheckedLines(bytes("0123456789\n0123456789A\n"), 10);
    assertTrue(lines.next());
    assertEquals("0123456789", new String(lines.bytes(), StandardCharsets.UTF_8));
    CheckedLines.BadLine refused = assertThrows(CheckedLines.BadLine.class, lines::next);
    assertEquals(2, refused.number());
    assertEquals("Line 2: it is longer than 10 bytes, the most one event may take (as for a POST body).",
        refused.getMessage());
  }

  @Test
  void refusesALineWithNoEndAfterReadingLittleMoreThanTheLimit() {
    Endless endless = new Endless();
    CheckedLines lines = new CheckedLines(endless, 100_000);
    CheckedLines.BadLine refused = assertThrows(CheckedLines.BadLine.class, lines::next);
    assertEquals(1, refused.number());
    assertTrue(endless.read <= 100_000 + CHUNK_BYTES, "read " + endless.read + " bytes");
    assertTrue(lines.buffer().length <= 100_000, "holds " + lines.buffer().length + " bytes");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a byte no character starts with | ff       | 3",
      "an encoded surrogate            | eda080   | 3",
      "a sequence cut by the line end  | e282     | 3",
      "a sequence cut by CR            | e2820d   | 3"})
  void refusesBadUtf8NamingTheLineAndTheByte(String what, String hex, int at) {
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    byte[] body = new byte[6 + bad.length + 1];
    System.arraycopy("ok\n\nab".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 6);
    System.arraycopy(bad, 0, body, 6, bad.length);
    body[body.length - 1] = '\n';
    CheckedLines lines = new CheckedLines(new ByteArrayInputStream(body), 100);
    CheckedLines.BadLine refused = assertThrows(CheckedLines.BadLine.class, () -> {
      while (lines.next()) {
        // the good lines before it
      }
    });
    assertEquals("Line 3: it is not valid UTF-8 (at byte " + at + " of the line).", refused.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "empty                       | ''               | true",
      "spaces and tabs             | ' \t '           | true",
      "an ideographic space        | '\u3000'         | true",
      "a no-break space            | '\u00a0'         | false",
      "an event                    | ' {}'            | false"})
  void aLineIsBlankAsStringIsBlankSays(String what, String line, boolean blank) throws Exception {
    CheckedLines lines = new CheckedLines(bytes(line + "\n"), 100);
    assertTrue(lines.next());
    assertEquals(blank, lines.blank());
    assertEquals(line.isBlank(), lines.blank());
  }

  private static String unescape(String body) {
    return body.replace("\\n", "\n").replace("\\r", "\r");
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String show(CheckedLines lines) throws Exception {
    List<String> shown = new ArrayList<>();
    while (lines.next()) {
      shown.add(lines.number() + ":" + new String(lines.bytes(), StandardCharsets.UTF_8));
    }
    return String.join(" ", shown);
  }

  private static String readLines(String text) throws IOException {
    BufferedReader reader = new BufferedReader(new StringReader(text));
    List<String> shown = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      shown.add((shown.size() + 1) + ":" + line);
    }
    return String.join(" ", shown);
  }

  /** Hands over one byte per read, so that every ending falls across two reads once. */
  private static final class Trickle extends InputStream {
    private final ByteArrayInputStream in;

    Trickle(byte[] bytes) {
      this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return in.read(buffer, offset, Math.min(length, 1));
    }
  }

  /** 'x' without end, counting what was read. */
  private static final class Endless extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'x';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
      read += length;
      return length;
    }
  }
}
