package dev.graphmock.odata;

import java.net.URLDecoder;
import dev.graphmock.json.EntityJsonWriter;
import java.nio.charset.StandardCharsets;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmSingleton;

/**
 * Rewrites Graph's key-as-segment URLs into the parenthesised form Olingo 5.0.0 parses (it supports key-as-segment
 * only on its unreleased master): {@code /deviceManagement/autopilotEvents/a%2Fb} becomes
 * {@code /deviceManagement/autopilotEvents('a%2Fb')}. A segment after the collection is a key unless it is a
 * {@code $} segment such as {@code $count}. Quotes in a key are doubled, as in any OData string literal.
 */
final class KeySegments {
  private final String singletonSegment;
  private final String collectionSegment;

  KeySegments(EdmSingleton singleton, EdmNavigationProperty collection) {
    this.singletonSegment = singleton.getName();
    this.collectionSegment = collection.getName();
  }

  /** {@code rawPath} is still percent-encoded; so is the result. */
  String normalize(String rawPath) {
    String prefix = "/" + singletonSegment + "/" + collectionSegment + "/";
    if (!rawPath.startsWith(prefix)) {
      return rawPath;
    }
    int end = rawPath.indexOf('/', prefix.length());
    String key = end < 0 ? rawPath.substring(prefix.length()) : rawPath.substring(prefix.length(), end);
    if (key.isEmpty() || key.startsWith("$")) {
      return rawPath;
    }
    String rest = end < 0 ? "" : rawPath.substring(end);
    String decoded;
    try {
      decoded = URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return rawPath;
    }
    return prefix.substring(0, prefix.length() - 1) + "(" + EntityJsonWriter.keyLiteral(decoded) + ")" + rest;
  }

}
