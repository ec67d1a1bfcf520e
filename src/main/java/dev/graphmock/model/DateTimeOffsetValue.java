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
 * <p>Graph stores these as .NET {@code DateTimeOffset}, whose resolution is 100 ns, and reads them with
 * {@code XmlConvert.ToDateTimeOffset} (through ODL's {@code PlatformHelper.ConvertStringToDateTimeOffset}, for
 * bodies and URL literals alike), which takes any number of fractional digits and rounds to 7, half to even,
 * carrying into the seconds. So does this; such a value is echoed as rounded, in the offset it was sent in
 * ({@code 2024-01-01T00:00:00.123456789Z} becomes {@code 2024-01-01T00:00:00.1234568Z}). Trailing zeros alone
 * past the seventh digit, as Java's {@code Instant.toString()} writes them, change nothing and are kept.
 *
 * <p>The text alone determines the value (it is always what {@link #parse} made of the client's text, and parsing
 * it again gives it back with the same instant), so two values are equal when their texts are.
 */
public final class DateTimeOffsetValue implements Comparable<DateTimeOffsetValue> {

  private static final long TICKS_PER_SECOND = 10_000_000L;

  /** Graph's value for a DateTimeOffset nobody set: .NET's {@code DateTimeOffset.MinValue}. */
  public static final DateTimeOffsetValue MIN = parse("0001-01-01T00:00:00Z");

  private final String text;
  /**
   * Null until asked for in a value read back from the store: a page of 999 events writes their texts and needs
   * no instant (its nextLink carries the last row's text). Computing it twice in a race gives the same value.
   */
  private Instant instant;

  private DateTimeOffsetValue(Instant instant, String text) {
    this.instant = instant;
    this.text = text;
  }

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
    boolean rounded = fraction.length() > 7 && !fraction.substring(7).matches("0*");
    try {
      LocalDateTime local = LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2),
          number(text, 11, 2), number(text, 14, 2), second).plusNanos(roundedTicks(fraction) * 100);
      if (local.getYear() < 1 || local.getYear() > 9999) {
        throw new DateTimeException("the year must be between 0001 and 9999");
      }
      ZoneOffset offset = ZoneOffset.of(zone);
      String canonical = rounded ? render(local, zone)
          : hasSeconds ? text : text.substring(0, 16) + ":00" + text.substring(16);
      return new DateTimeOffsetValue(local.toInstant(offset), canonical);
    } catch (DateTimeException e) {
      throw new InvalidValueException("'" + text + "' is not a valid Edm.DateTimeOffset: " + e.getMessage() + ".");
    }
  }

  /**
   * The fraction's first 7 digits as 100 ns ticks, rounded as .NET's XsdDateTime rounds the rest: up past a
   * half, down below it, and to even on an exact half. May be 10,000,000, a whole second, which the caller adds.
   */
  private static long roundedTicks(String fraction) {
    if (fraction.length() <= 7) {
      return fraction.isEmpty() ? 0 : Long.parseLong((fraction + "0000000").substring(0, 7));
    }
    long ticks = Long.parseLong(fraction.substring(0, 7));
    int next = fraction.charAt(7) - '0';
    boolean beyondHalf = next > 5 || next == 5 && !fraction.substring(8).matches("0*");
    boolean exactHalf = next == 5 && !beyondHalf;
    return beyondHalf || exactHalf && ticks % 2 == 1 ? ticks + 1 : ticks;
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.fffffff]} and the zone as written; trailing zeros of the fraction dropped. */
  private static String render(LocalDateTime local, String zone) {
    String text = String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
        local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond());
    int ticks = local.getNano() / 100;
    if (ticks != 0) {
      text += "." + String.format(java.util.Locale.ROOT, "%07d", ticks).replaceFirst("0+$", "");
    }
    return text + zone;
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

  /**
   * Restores a value read back from the store from its text alone, which {@link #parse} made when it was written:
   * the instant is worked out again only if it is asked for.
   */
  public static DateTimeOffsetValue ofStored(String text) {
    return new DateTimeOffsetValue(null, text);
  }

  /** The instant, for comparing and sorting. */
  public Instant instant() {
    Instant known = instant;
    if (known == null) {
      known = parse(text).instant;
      instant = known;
    }
    return known;
  }

  /** The text as the client wrote it (seconds added where missing, fractions past 100 ns rounded). */
  public String text() {
    return text;
  }

  /** 100-nanosecond ticks since 1970-01-01T00:00:00Z: a single integer that sorts like the instant. */
  public long utcTicks() {
    Instant at = instant();
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), TICKS_PER_SECOND), at.getNano() / 100);
  }

  @Override
  public int compareTo(DateTimeOffsetValue other) {
    return instant().compareTo(other.instant());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DateTimeOffsetValue value && text.equals(value.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
