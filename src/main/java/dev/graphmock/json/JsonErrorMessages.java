package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client is told when Jackson refuses a body: a plain sentence with the line and column where Jackson knows
 * them, never Jackson's own text, which names its classes and settings ("from
 * {@code StreamReadConstraints.getMaxNestingDepth()}", "enable {@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}").
 * <pre>
 * {"a@odata.x":[[[ ... 65 deep  The JSON is nested more deeply than 64 levels.
 * {"n":999 ... 1,001 digits     A number in the body is longer than 1,000 characters.
 * {"a":1,"a":2}                 The property 'a' appears more than once (line 1, column 11); OData allows each
 *                               property once in an object.
 * {"a":1,                       The request body is not valid JSON: it ends at line 1, column 8 before its last
 *                               value is complete.
 * {"a":NaN}                     The request body is not valid JSON (line 1, column 9).
 * </pre>
 * A limit, a repeated property, a body cut short and bad UTF-8 are recognised by the words Jackson's message starts
 * with (Jackson 2.23); a message not recognised gets the general sentence, so a change in Jackson's wording can lose
 * detail but never show its text.
 */
public final class JsonErrorMessages {
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

  private JsonErrorMessages() {
  }

  /** The limits of {@link StreamReadConstraints}, each with the start of Jackson's message and ours. */
  private enum Limit {
    NESTING("Document nesting depth", "The JSON is nested more deeply than %,d levels.",
        StreamReadConstraints::getMaxNestingDepth),
    NUMBER("Number value length", "A number in the body is longer than %,d characters.",
        StreamReadConstraints::getMaxNumberLength),
    STRING("String value length", "A string in the body is longer than %,d characters.",
        StreamReadConstraints::getMaxStringLength),
    NAME("Name length", "A property name in the body is longer than %,d characters.",
        StreamReadConstraints::getMaxNameLength);

    private final String jackson;
    private final String message;
    private final ToLongFunction<StreamReadConstraints> maximum;

    Limit(String jackson, String message, ToLongFunction<StreamReadConstraints> maximum) {
      this.jackson = jackson;
      this.message = message;
      this.maximum = maximum;
    }
  }

  /** The sentence for {@code failure}, met reading a body under {@code limits}. */
  public static String of(JsonProcessingException failure, StreamReadConstraints limits) {
    String jackson = failure.getOriginalMessage() == null ? "" : failure.getOriginalMessage();
    if (failure instanceof StreamConstraintsException) {
      for (Limit limit : Limit.values()) {
        if (jackson.startsWith(limit.jackson)) {
          return String.format(Locale.ROOT, limit.message, limit.maximum.applyAsLong(limits));
        }
      }
      return "The request body is larger or more complex than graphmock reads.";
    }
    JsonLocation location = failure.getLocation();
    String where = location == null || location.getLineNr() < 1 ? ""
        : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    if (failure instanceof JsonEOFException || jackson.startsWith("Unexpected end-of-input")) {
      return "The request body is not valid JSON: it ends" + (where.isEmpty() ? "" : " at " + where)
          + " before its last value is complete.";
    }
    Matcher duplicate = DUPLICATE.matcher(jackson);
    if (duplicate.matches()) {
      return "The property '" + duplicate.group(1) + "' appears more than once" + within(where)
          + "; OData allows each property once in an object.";
    }
    if (jackson.startsWith("Invalid UTF-8")) {
      return "The request body is not valid UTF-8" + within(where) + ".";
    }
    return "The request body is not valid JSON" + within(where) + ".";
  }

  private static String within(String where) {
    return where.isEmpty() ? "" : " (" + where + ")";
  }
}
