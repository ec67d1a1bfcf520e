package dev.graphmock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bytes (in hex) → the index of the first byte where a well-formed UTF-8 sequence should begin but does not. */
class Utf8Test {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "empty                                   | ''               | -1",
      "ASCII                                   | 7b2261227d       | -1",
      "é, the smallest two-byte form           | c3a9             | -1",
      "U+0080                                  | c280             | -1",
      "U+0800, the smallest three-byte form    | e0a080           | -1",
      "U+D7FF, the last before the surrogates  | ed9fbf           | -1",
      "U+E000, the first after them            | ee8080           | -1",
      "U+FFFF                                  | efbfbf           | -1",
      "U+10000, the smallest four-byte form    | f0908080         | -1",
      "U+10FFFF, the last code point           | f48fbfbf         | -1",
      "a stray continuation byte               | 61 80            | 1",
      "C0: an overlong form of ASCII           | c0af             | 0",
      "C1: an overlong form of ASCII           | c1bf             | 0",
      "E0 80: an overlong three-byte form      | 61 e080af        | 1",
      "F0 80: an overlong four-byte form       | f08fbfbf         | 0",
      "ED A0: a high surrogate                 | eda080           | 0",
      "ED BF: a low surrogate                  | 6162 edbfbf      | 2",
      "F4 90: above U+10FFFF                   | f4908080         | 0",
      "F5: no code point starts with it        | f5808080         | 0",
      "FF                                      | ff               | 0",
      "two bytes cut short at the end          | 61 c3            | 1",
      "three bytes cut short at the end        | e282             | 0",
      "a continuation byte missing inside      | e228a1           | 0",
      "a fourth byte that is not a continuation| f0908028         | 0",
      "a good sequence, then a bad one         | c3a9 e282 41     | 2"})
  void findsTheFirstMalformedSequence(String what, String hex, int expected) {
    byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
    assertEquals(expected, Utf8.firstMalformed(bytes, 0, bytes.length));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a sequence cut by the end of the range is malformed  | e282ac | 0 | 2 | 0",
      "one outside the range is not looked at               | ff41ff | 1 | 2 | -1"})
  void looksOnlyWithinTheRange(String what, String hex, int from, int to, int expected) {
    assertEquals(expected, Utf8.firstMalformed(HexFormat.of().parseHex(hex), from, to));
  }

  /**
   * Every run of one or two bytes, every three-byte run whose last byte is one of the interesting ones, and seeded
   * random runs of four to eight of those, against the JDK's strict decoder.
   */
  @Test
  void agreesWithTheJdksStrictDecoder() {
    byte[] interesting = HexFormat.of().parseHex("00417f80808f909fa0bfc0c1c2dfe0e1ecedeeeff0f1f3f4f5ff");
    for (int value = 0; value < 1 << 16; value++) {
      assertAgrees(new byte[] {(byte) value});
      assertAgrees(new byte[] {(byte) value, (byte) (value >>> 8)});
      for (byte last : interesting) {
        assertAgrees(new byte[] {(byte) value, (byte) (value >>> 8), last});
      }
    }
    Random random = new Random(30);
    for (int run = 0; run < 200_000; run++) {
      byte[] bytes = new byte[4 + random.nextInt(5)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = interesting[random.nextInt(interesting.length)];
      }
      assertAgrees(bytes);
    }
  }

  private static final CharsetDecoder STRICT = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  private static void assertAgrees(byte[] bytes) {
    CharBuffer chars = CharBuffer.allocate(bytes.length);
    boolean decodes = !STRICT.reset().decode(ByteBuffer.wrap(bytes), chars, true).isError()
        && !STRICT.flush(chars).isError();
    if (decodes != Utf8.firstMalformed(bytes, 0, bytes.length) < 0) {
      fail(HexFormat.of().formatHex(bytes) + (decodes ? " decodes, but was refused" : " does not decode, but passed"));
    }
  }
}
