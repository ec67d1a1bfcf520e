package dev.graphmock.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final Pattern FORM = Pattern.compile(
      "([-+])?P(?:(-)?(\\d+)D)?(?:T(?:(-)?(\\d+)H)?(?:(-)?(\\d+)M)?(?:(-)?(\\d+)(?:\\.(\\d+))?S)?)?");

  private Durations() {
  }

  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text);
    boolean matches = m.matches();
    boolean componentSigns = matches && (m.group(2) != null || m.group(4) != null || m.group(6) != null
        || m.group(8) != null);
    if (!matches || text.endsWith("P") || text.endsWith("T") || componentSigns && m.group(1) != null) {
      throw new InvalidValueException("'" + text + "' is not a valid Edm.Duration: expected an ISO 8601 duration"
          + " such as PT3M21.5549443S or -P1DT2H.");
    }
    // Digits past the seventh are truncated, not rounded, as XsdDuration does before TimeSpan's ticks.
    String fraction = m.group(10) == null ? "" : m.group(10);
    String ticks = (fraction + "0000000").substring(0, 7);
    try {
      Duration seconds = Duration.ofSeconds(number(m.group(9))).plusNanos(Long.parseLong(ticks) * 100);
      Duration value = signed(m.group(2), Duration.ofDays(number(m.group(3))))
          .plus(signed(m.group(4), Duration.ofHours(number(m.group(5)))))
          .plus(signed(m.group(6), Duration.ofMinutes(number(m.group(7)))))
          .plus(signed(m.group(8), seconds));
      toTicks(value);
      return "-".equals(m.group(1)) ? value.negated() : value;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new InvalidValueException("'" + text + "' is out of the range of Edm.Duration.");
    }
  }

  private static Duration signed(String minus, Duration magnitude) {
    return minus == null ? magnitude : magnitude.negated();
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

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
