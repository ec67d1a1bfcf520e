package dev.graphmock.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An Edm.DateTimeOffset: the instant, for comparing and sorting, and the text as the client wrote it, for the
 * echo. Graph's examples send {@code 2016-12-31T23:59:23.3984029-08:00} and expect it back digit for digit, offset
 * included, so the text is kept rather than re-rendered from the instant (which would lose the offset and trailing
 * zeros). Input is normalised only where it was incomplete: seconds are added when missing.
 *
 * <p>Graph stores these as .NET {@code DateTimeOffset}, whose resolution is 100 ns: a value more precise than
 * 7 fractional digits cannot be kept and is rejected rather than silently rounded (trailing zeros beyond the
 * seventh digit, as Java's {@code Instant.toString()} writes them, are fine).
 */
public record DateTimeOffsetValue(Instant instant, String text) implements Comparable<DateTimeOffsetValue> {

  private static final long TICKS_PER_SECOND = 10_000_000L;

  /** Graph's value for a DateTimeOffset nobody set: .NET's {@code DateTimeOffset.MinValue}. */
  public static final DateTimeOffsetValue MIN = parse("0001-01-01T00:00:00Z");

  /** Parses {@code yyyy-MM-ddTHH:mm[:ss[.f…]]} then {@code Z} or {@code ±HH:MM}, by hand: it runs per property per request. */
  public static DateTimeOffsetValue parse(String text) {
    int length = text.length();
    if (length < 17 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2) || text.charAt(7) != '-'
        || !digits(text, 8, 2) || text.charAt(10) != 'T' || !digits(text, 11, 2) || text.charAt(13) != ':'
        || !digits(text, 14, 2)) {
      throw malformed(text);
    }
    int at = 16;
    boolean hasSeconds = at < length && text.charAt(at) == ':';
    int second = 0;
    String fraction = "";
    if (hasSeconds) {
      if (!digits(text, at + 1, 2)) {
        throw malformed(text);
      }
      second = number(text, at + 1, 2);
      at += 3;
      if (at < length && text.charAt(at) == '.') {
        int start = ++at;
        while (at < length && isDigit(text.charAt(at))) {
          at++;
        }
        if (at == start) {
          throw malformed(text);
        }
        fraction = text.substring(start, at);
      }
    }
    String zone = text.substring(at);
    if (!zone.equals("Z") && !(zone.length() == 6 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')
        && digits(zone, 1, 2) && zone.charAt(3) == ':' && digits(zone, 4, 2))) {
      throw malformed(text);
    }
    if (fraction.length() > 9 || fraction.length() > 7 && !fraction.substring(7).matches("0*")) {
      throw new InvalidValueException("'" + text + "' is more precise than 7 fractional digits; Edm.DateTimeOffset"
          + " values are kept to 100 nanoseconds.");
    }
    try {
      LocalDateTime local = LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2),
          number(text, 11, 2), number(text, 14, 2), second,
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9)));
      if (local.getYear() < 1) {
        throw new DateTimeException("year before 0001");
      }
      ZoneOffset offset = ZoneOffset.of(zone);
      String canonical = hasSeconds ? text : text.substring(0, 16) + ":00" + text.substring(16);
      return new DateTimeOffsetValue(local.toInstant(offset), canonical);
    } catch (DateTimeException e) {
      throw new InvalidValueException("'" + text + "' is not a valid Edm.DateTimeOffset: " + e.getMessage() + ".");
    }
  }

  private static InvalidValueException malformed(String text) {
    return new InvalidValueException("'" + text + "' is not a valid Edm.DateTimeOffset: expected"
        + " yyyy-MM-ddTHH:mm[:ss[.fffffff]] followed by Z or an offset such as -08:00.");
  }

  private static boolean digits(String text, int from, int count) {
    if (from + count > text.length()) {
      return false;
    }
    for (int i = from; i < from + count; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  /** Restores a value read back from the store; the text was validated when it was written. */
  public static DateTimeOffsetValue ofStored(long utcTicks, String text) {
    return new DateTimeOffsetValue(ofTicks(utcTicks), text);
  }

  /** 100-nanosecond ticks since 1970-01-01T00:00:00Z: a single integer that sorts like the instant. */
  public long utcTicks() {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), TICKS_PER_SECOND), instant.getNano() / 100);
  }

  private static Instant ofTicks(long ticks) {
    return Instant.ofEpochSecond(Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
  }

  @Override
  public int compareTo(DateTimeOffsetValue other) {
    return instant.compareTo(other.instant);
  }

  @Override
  public String toString() {
    return text;
  }
}
