package dev.graphmock.json;

import java.util.Locale;

/**
 * How much control information a JSON response carries, as the client asked with {@code odata.metadata} in
 * {@code Accept} or {@code $format} (OData JSON Format 4.0, section 3.1): {@code minimal} (the default, what Graph
 * sends), {@code none} (no {@code @odata.context}, {@code @odata.type} or {@code @odata.id}; only
 * {@code @odata.nextLink} and {@code @odata.count} stay) or {@code full} (ids, edit links and the types JSON
 * cannot show). The response's {@code Content-Type} names the level served.
 */
public enum MetadataLevel {
  NONE, MINIMAL, FULL;

  /** The level an {@code odata.metadata} parameter names (null, or anything else, is minimal). */
  public static MetadataLevel of(String level) {
    if (level == null) {
      return MINIMAL;
    }
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "full" -> FULL;
      default -> MINIMAL;
    };
  }

  /** The {@code Content-Type} of a JSON response at this level, in the form Graph sends for minimal. */
  public String contentType() {
    return "application/json;odata.metadata=" + name().toLowerCase(Locale.ROOT)
        + ";odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
  }
}
