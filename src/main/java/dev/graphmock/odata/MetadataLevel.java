package dev.graphmock.odata;

import java.util.Locale;
import org.apache.olingo.commons.api.format.ContentType;

/**
 * How much control information a JSON response carries, as the client asked with {@code odata.metadata} in
 * {@code Accept} or {@code $format} (OData JSON Format 4.0, section 3.1): {@code minimal} (the default, what Graph
 * sends), {@code none} (no {@code @odata.context}, {@code @odata.type} or {@code @odata.id}; only
 * {@code @odata.nextLink} and {@code @odata.count} stay) or {@code full} (ids, edit links and the types JSON
 * cannot show). The response's {@code Content-Type} names the level served.
 */
enum MetadataLevel {
  NONE, MINIMAL, FULL;

  static MetadataLevel of(ContentType format) {
    String level = format == null ? null : format.getParameter(ContentType.PARAMETER_ODATA_METADATA);
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
  String contentType() {
    return "application/json;odata.metadata=" + name().toLowerCase(Locale.ROOT)
        + ";odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
  }
}
