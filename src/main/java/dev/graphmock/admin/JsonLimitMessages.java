package dev.graphmock.admin;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's refusal of JSON beyond its read limits, in a client's words. Jackson's own message names the limit's
 * accessor ("… exceeds the maximum allowed (64, from `StreamReadConstraints.getMaxNestingDepth()`)"), and an error
 * body must not name library internals; the limit itself is worth keeping:
 * <pre>
 * Document nesting depth (65) exceeds the maximum allowed (64, from `…`)
 *     →  it is nested more than 64 levels deep.
 * Name length (50001) exceeds the maximum allowed (50000, from `…`)
 *     →  a property name in it is longer than 50000 characters.
 * </pre>
 */
final class JsonLimitMessages {
  /** Jackson's phrase for each limit (jackson-core's {@code StreamReadConstraints}) → ours, given the limit. */
  private static final Map<String, String> LIMITS = Map.of(
      "Document nesting depth", "it is nested more than %d levels deep.",
      "Number value length", "a number in it is longer than %d characters.",
      "String value length", "a string in it is longer than %d characters.",
      "Name length", "a property name in it is longer than %d characters.",
      "Document length", "it is longer than %d bytes.",
      "Token count", "it holds more than %d JSON tokens.");
  private static final Pattern MESSAGE =
      Pattern.compile("^([A-Za-z ]+) \\(\\d+\\) exceeds the maximum allowed \\((\\d+)");

  private JsonLimitMessages() {
  }

  static String describe(StreamConstraintsException refusal) {
    Matcher matcher = MESSAGE.matcher(String.valueOf(refusal.getOriginalMessage()));
    if (matcher.find() && LIMITS.containsKey(matcher.group(1))) {
      return String.format(java.util.Locale.ROOT, LIMITS.get(matcher.group(1)), Long.parseLong(matcher.group(2)));
    }
    return "it is larger or more deeply nested than JSON read here may be.";
  }
}
