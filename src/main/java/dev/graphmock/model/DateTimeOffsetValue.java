package dev.graphmock.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern FORM = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?(Z|[+-]\\d{2}:\\d{2})");
  private static final long TICKS_PER_SECOND = 10_000_000L;

  /** Graph's value for a DateTimeOffset nobody set: .NET's {@code DateTimeOffset.MinValue}. Declared after FORM,
   * which parse() needs. */
  public static final DateTimeOffsetValue MIN = parse("0001-01-01T00:00:00Z");

  public static DateTimeOffsetValue parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new InvalidValueException("'" + text + "' is not a valid Edm.DateTimeOffset: expected"
          + " yyyy-MM-ddTHH:mm[:ss[.fffffff]] followed by Z or an offset such as -08:00.");
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    if (fraction.length() > 9 || fraction.length() > 7 && !fraction.substring(7).matches("0*")) {
      throw new InvalidValueException("'" + text + "' is more precise than 7 fractional digits; Edm.DateTimeOffset"
          + " values are kept to 100 nanoseconds.");
    }
    try {
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9)));
      if (local.getYear() < 1) {
        throw new DateTimeException("year before 0001");
      }
      ZoneOffset offset = ZoneOffset.of(m.group(8));
      String canonical = m.group(6) == null
          ? text.substring(0, m.end(5)) + ":00" + text.substring(m.end(5))
          : text;
      return new DateTimeOffsetValue(local.toInstant(offset), canonical);
    } catch (DateTimeException | NumberFormatException e) {
      throw new InvalidValueException("'" + text + "' is not a valid Edm.DateTimeOffset: " + e.getMessage() + ".");
    }
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
