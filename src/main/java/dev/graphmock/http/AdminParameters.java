package dev.graphmock.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An admin call's query string as decoded parameters, each given once ({@code ?tenant=t1&mode=upsert}). Read
 * here rather than with the servlet's parameter map, which would also read a form body: an import's body is the
 * admin API's to stream.
 */
final class AdminParameters {
  private AdminParameters() {
  }

  /** @throws IllegalArgumentException with a message for the client, for a repeated or malformed parameter */
  static Map<String, String> parse(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (parameters.put(name, value) != null) {
        throw new IllegalArgumentException("The parameter '" + name + "' is given more than once.");
      }
    }
    return parameters;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The query string has a malformed percent-encoding: " + raw);
    }
  }
}
