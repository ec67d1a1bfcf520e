package dev.graphmock.admin;

/**
 * Whether bytes are well-formed UTF-8 as RFC 3629 defines it (the Unicode Standard's table 3-7 of well-formed
 * sequences): no overlong forms, no encoded surrogates (U+D800 to U+DFFF), nothing above U+10FFFF, no sequence cut
 * short. An NDJSON line is checked with it because a line decoded by a lenient decoder turns bad bytes into U+FFFD
 * and stores them, where {@code POST} refuses them (RFC 8259 §8.1: JSON exchanged between systems is UTF-8).
 */
final class Utf8 {
  private Utf8() {
  }

  /**
   * The index of the first byte in {@code bytes[from, to)} where a well-formed sequence should begin but does not
   * (a stray continuation byte, a byte no sequence starts with, or the start of a sequence that goes wrong or is
   * cut short), or -1 when every byte is part of a well-formed sequence.
   */
  static int firstMalformed(byte[] bytes, int from, int to) {
    int index = from;
    while (index < to) {
      int lead = bytes[index] & 0xFF;
      if (lead < 0x80) {
        index++;
        continue;
      }
      int length = sequenceLength(lead);
      if (length == 0 || index + length > to || !wellFormedTail(bytes, index, length, lead)) {
        return index;
      }
      index += length;
    }
    return -1;
  }

  /** How many bytes a sequence starting with {@code lead} (not ASCII) takes, or 0 when none may start with it. */
  private static int sequenceLength(int lead) {
    if (lead >= 0xC2 && lead <= 0xDF) {
      return 2;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      return 4;
    }
    // 0x80-0xBF only continue a sequence; 0xC0, 0xC1 could only begin overlong forms of ASCII; 0xF5-0xFF would
    // encode beyond U+10FFFF.
    return 0;
  }

  private static boolean wellFormedTail(byte[] bytes, int index, int length, int lead) {
    int second = bytes[index + 1] & 0xFF;
    // The second byte's range is narrower after these leads: it rules out overlong forms (E0, F0), the surrogates
    // (ED) and code points above U+10FFFF (F4).
    int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    if (second < low || second > high) {
      return false;
    }
    for (int next = index + 2; next < index + length; next++) {
      if ((bytes[next] & 0xC0) != 0x80) {
        return false;
      }
    }
    return true;
  }
}
