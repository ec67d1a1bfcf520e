package dev.graphmock.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Edm.Duration text to {@link Duration} and back. The canonical output form is the one Graph's examples use:
 * an optional leading minus, days, then hours, minutes and seconds, each only when non-zero
 * ({@code -PT1M32.1347897S}, {@code P1DT2H}), and {@code PT0S} for zero. Graph keeps durations as .NET
 * {@code TimeSpan} (100 ns ticks) and parses them with {@code XmlConvert.ToTimeSpan} (through ODL's
 * {@code EdmValueParser.ParseDuration}), which drops the digits a TimeSpan cannot hold: so does this, so
 * {@code PT0.30000000000000004S} (Kiota TypeScript's float seconds) is kept as {@code PT0.3S}.
 *
 * <p>Input may also be written as Java's {@code Duration.toString()} writes it, which Kiota-based Graph SDKs
 * send: a sign on each component ({@code PT-2M-57.2190107S}), hours past 24 ({@code PT25H}).
 */
public final class Durations {
  private Durations() {
  }

  /**
   * Parses {@code [-+]P[[-]nD][T[[-]nH][[-]nM][[-]n[.f]S]]} by hand, at least one component after {@code P} and
   * after {@code T}, a sign on the whole or on components but not both; each create parses five of these, and a
   * regular expression was 2 % of a create's CPU.
   */
  public static Duration parse(String text) {
    Cursor at = new Cursor(text);
    char sign = at.peek();
    boolean leadingSign = sign == '-' || sign == '+';
    if (leadingSign) {
      at.next();
    }
    if (at.next() != 'P') {
      throw malformed(text);
    }
    // The form first, then the numbers: a malformed text is refused as such even where a number is too large.
    List<Component> parts = new ArrayList<>(4);
    if (!at.atEnd() && at.peek() != 'T') {
      Component days = Component.read(at, text);
      if (days.unit != 'D' || days.fraction != null) {
        throw malformed(text);
      }
      parts.add(days);
    }
    if (!at.atEnd()) {
      if (at.next() != 'T') {
        throw malformed(text);
      }
      String units = "HMS";
      int next = 0;
      do {
        Component part = Component.read(at, text);
        int unit = units.indexOf(part.unit, next);
        if (unit < 0 || part.fraction != null && part.unit != 'S') {
          throw malformed(text);
        }
        next = unit + 1;
        parts.add(part);
      } while (!at.atEnd());
    }
    if (parts.isEmpty() || leadingSign && parts.stream().anyMatch(Component::negative)) {
      throw malformed(text);
    }
    Duration value = Duration.ZERO;
    try {
      for (Component part : parts) {
        value = value.plus(part.signed(switch (part.unit) {
          case 'D' -> Duration.ofDays(part.number());
          case 'H' -> Duration.ofHours(part.number());
          case 'M' -> Duration.ofMinutes(part.number());
          default -> Duration.ofSeconds(part.number()).plusNanos(part.ticks() * 100);
        }));
      }
      toTicks(value);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new InvalidValueException("'" + text + "' is out of the range of Edm.Duration.");
    }
    return sign == '-' ? value.negated() : value;
  }

  private static InvalidValueException malformed(String text) {
    return new InvalidValueException("'" + text + "' is not a valid Edm.Duration: expected an ISO 8601 duration"
        + " such as PT3M21.5549443S or -P1DT2H.");
  }

  /** A position in the text; 0 past its end. */
  private static final class Cursor {
    private final String text;
    private int at;

    Cursor(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return at >= text.length();
    }

    char peek() {
      return atEnd() ? 0 : text.charAt(at);
    }

    char next() {
      char c = peek();
      at++;
      return c;
    }

    /** The ASCII digits from here on, at least one, or null. */
    String digits() {
      int start = at;
      while (!atEnd() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
        at++;
      }
      return at == start ? null : text.substring(start, at);
    }
  }

  /** One {@code [-]n[.f]X}: its sign, digits, fraction digits (or null) and unit letter. */
  private record Component(boolean negative, String digits, String fraction, char unit) {
    static Component read(Cursor at, String text) {
      boolean negative = at.peek() == '-';
      if (negative) {
        at.next();
      }
      String digits = at.digits();
      if (digits == null) {
        throw malformed(text);
      }
      String fraction = null;
      if (at.peek() == '.') {
        at.next();
        fraction = at.digits();
        if (fraction == null) {
          throw malformed(text);
        }
      }
      return new Component(negative, digits, fraction, at.next());
    }

    long number() {
      return Long.parseLong(digits);
    }

    /** The fraction as 100 ns ticks: digits past the seventh truncated, as XsdDuration does before TimeSpan. */
    long ticks() {
      return fraction == null ? 0 : Long.parseLong((fraction + "0000000").substring(0, 7));
    }

    Duration signed(Duration magnitude) {
      return negative ? magnitude.negated() : magnitude;
    }
  }

  public static String format(Duration value) {
    if (value.isZero()) {
      return "PT0S";
    }
    Duration magnitude = value.abs();
    StringBuilder text = new StringBuilder(value.isNegative() ? "-P" : "P");
    long days = magnitude.toDays();
    if (days > 0) {
      text.append(days).append('D');
    }
    long hours = magnitude.toHoursPart();
    long minutes = magnitude.toMinutesPart();
    int seconds = magnitude.toSecondsPart();
    int nanos = magnitude.toNanosPart();
    if (hours > 0 || minutes > 0 || seconds > 0 || nanos > 0) {
      text.append('T');
      if (hours > 0) {
        text.append(hours).append('H');
      }
      if (minutes > 0) {
        text.append(minutes).append('M');
      }
      if (seconds > 0 || nanos > 0) {
        text.append(seconds);
        if (nanos > 0) {
          // The nine digits of the fraction without its trailing zeros: 0.5 s is "0.5", not "0.500000000".
          String fraction = Integer.toString(1_000_000_000 + nanos).substring(1);
          int end = fraction.length();
          while (fraction.charAt(end - 1) == '0') {
            end--;
          }
          text.append('.').append(fraction, 0, end);
        }
        text.append('S');
      }
    }
    return text.toString();
  }

  /** 100-nanosecond ticks: exact for every value {@link #parse} accepts, and ordered like the durations. */
  public static long toTicks(Duration value) {
    return Math.addExact(Math.multiplyExact(value.getSeconds(), 10_000_000L), value.getNano() / 100);
  }

  public static Duration ofTicks(long ticks) {
    return Duration.ofSeconds(Math.floorDiv(ticks, 10_000_000L), Math.floorMod(ticks, 10_000_000L) * 100);
  }
}
