package dev.graphmock.model;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * The Java value of each EDM primitive, and the text of the primitives that JSON carries as strings: the one place
 * that says what a Guid, a Date or a Binary is, for bodies, parameters and (later) URL literals alike.
 *
 * <table>
 * <caption>Values</caption>
 * <tr><td>String</td><td>{@link String}</td></tr>
 * <tr><td>Boolean</td><td>{@link Boolean}</td></tr>
 * <tr><td>Byte, SByte, Int16, Int32</td><td>{@link Integer}, in the type's range</td></tr>
 * <tr><td>Int64</td><td>{@link Long}</td></tr>
 * <tr><td>Single</td><td>{@link Float}; Double: {@link Double} (both may be NaN or infinite)</td></tr>
 * <tr><td>Decimal</td><td>{@link BigDecimal}</td></tr>
 * <tr><td>Guid</td><td>{@link UUID}</td></tr>
 * <tr><td>Binary</td><td>{@code byte[]}</td></tr>
 * <tr><td>Date, TimeOfDay</td><td>{@link LocalDate}, {@link LocalTime}</td></tr>
 * <tr><td>DateTimeOffset, Duration</td><td>{@link DateTimeOffsetValue}, {@link Duration}</td></tr>
 * </table>
 */
public final class PrimitiveValues {
  private PrimitiveValues() {
  }

  /** The smallest and largest value of an integer type, for a range check before the value is kept. */
  public static long min(EdmPrimitive kind) {
    return switch (kind) {
      case BYTE -> 0;
      case SBYTE -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      case INT64 -> Long.MIN_VALUE;
      default -> throw new IllegalArgumentException(kind + " is not an integer type");
    };
  }

  public static long max(EdmPrimitive kind) {
    return switch (kind) {
      case BYTE -> 255;
      case SBYTE -> Byte.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      case INT32 -> Integer.MAX_VALUE;
      case INT64 -> Long.MAX_VALUE;
      default -> throw new IllegalArgumentException(kind + " is not an integer type");
    };
  }

  public static boolean isInteger(EdmPrimitive kind) {
    return kind == EdmPrimitive.BYTE || kind == EdmPrimitive.SBYTE || kind == EdmPrimitive.INT16
        || kind == EdmPrimitive.INT32 || kind == EdmPrimitive.INT64;
  }

  /**
   * The value of a kind JSON writes as a string ({@link #isText}), from that string; an {@link InvalidValueException}
   * saying what the text should look like when it is not one.
   */
  public static Object parse(EdmPrimitive kind, String text) {
    return switch (kind) {
      case STRING -> text;
      case GUID -> guid(text);
      case BINARY -> binary(text);
      case DATE -> date(text);
      case TIME_OF_DAY -> timeOfDay(text);
      case DATE_TIME_OFFSET -> DateTimeOffsetValue.parse(text);
      case DURATION -> Durations.parse(text);
      default -> throw new IllegalArgumentException(kind + " is not written as a string");
    };
  }

  /** Whether JSON writes a value of {@code kind} as a string (OData JSON Format 4.01, section 7.1). */
  public static boolean isText(EdmPrimitive kind) {
    return switch (kind) {
      case STRING, GUID, BINARY, DATE, TIME_OF_DAY, DATE_TIME_OFFSET, DURATION -> true;
      default -> false;
    };
  }

  /** The text of a value of a kind JSON writes as a string, as Graph writes it. */
  public static String format(EdmPrimitive kind, Object value) {
    return switch (kind) {
      case STRING -> (String) value;
      case GUID -> value.toString();
      // Graph (ODL) writes standard base64 with padding; both alphabets are read.
      case BINARY -> Base64.getEncoder().encodeToString((byte[]) value);
      case DATE -> value.toString();
      case TIME_OF_DAY -> timeOfDay((LocalTime) value);
      case DATE_TIME_OFFSET -> value.toString();
      case DURATION -> Durations.format((Duration) value);
      default -> throw new IllegalArgumentException(kind + " is not written as a string");
    };
  }

  /** {@code 8-4-4-4-12} hexadecimal digits, in either case; {@link UUID#fromString} alone takes shorter groups. */
  private static UUID guid(String text) {
    if (text.length() != 36) {
      throw new InvalidValueException("'" + text + "' is not a GUID (such as 'bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d').");
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        throw new InvalidValueException("'" + text + "' is not a GUID (such as"
            + " 'bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d').");
      }
    }
    return UUID.fromString(text);
  }

  /** Base64 of either alphabet (OData's base64url, or the standard one Graph writes), padded or not. */
  private static byte[] binary(String text) {
    try {
      return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("the value is not base64 (Edm.Binary is written in base64).");
    }
  }

  /** {@code yyyy-mm-dd}, years 0001 to 9999 as CSDL's dateValue allows them here. */
  private static LocalDate date(String text) {
    if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-' || !digits(text, 0, 4)
        || !digits(text, 5, 7) || !digits(text, 8, 10)) {
      throw new InvalidValueException("'" + text + "' is not a date such as '2024-05-31'.");
    }
    try {
      LocalDate date = LocalDate.parse(text);
      if (date.getYear() < 1) {
        throw new InvalidValueException("'" + text + "' is not a date such as '2024-05-31'.");
      }
      return date;
    } catch (DateTimeException e) {
      throw new InvalidValueException("'" + text + "' is not a date such as '2024-05-31'.");
    }
  }

  /** {@code hh:mm[:ss[.fffffff]]}, at most seven fractional digits as Graph's ticks allow. */
  private static LocalTime timeOfDay(String text) {
    String problem = "'" + text + "' is not a time of day such as '13:45:00' or '08:00:00.5'.";
    int length = text.length();
    if (length < 5 || !digits(text, 0, 2) || text.charAt(2) != ':' || !digits(text, 3, 5)
        || (length > 5 && (length < 8 || text.charAt(5) != ':' || !digits(text, 6, 8)))
        || (length > 8 && (length < 10 || length > 16 || text.charAt(8) != '.' || !digits(text, 9, length)))) {
      throw new InvalidValueException(problem);
    }
    try {
      return LocalTime.parse(text);
    } catch (DateTimeException e) {
      throw new InvalidValueException(problem);
    }
  }

  /** As Graph writes a TimeOfDay: seconds always, a fraction of up to seven digits only when there is one. */
  private static String timeOfDay(LocalTime value) {
    String text = String.format(Locale.ROOT, "%02d:%02d:%02d", value.getHour(), value.getMinute(), value.getSecond());
    if (value.getNano() == 0) {
      return text;
    }
    String fraction = String.format(Locale.ROOT, "%07d", value.getNano() / 100);
    return text + "." + fraction.replaceFirst("0+$", "");
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
