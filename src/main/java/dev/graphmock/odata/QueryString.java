package dev.graphmock.odata;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Query options as Graph accepts them on beta, rewritten into the form Olingo parses: names with or without
 * {@code $}, percent-encoded ({@code %24top}) and in any letter case ({@code $orderBy}, {@code Top}) become
 * {@code $orderby}, {@code $top}; {@code +} becomes a space ({@code %20}), as in any HTML form-style query.
 * Repeated options and options graphmock cannot honour are refused here, with a message naming them, rather than
 * silently ignored.
 */
final class QueryString {
  /** Options evaluated by graphmock. */
  private static final Set<String> SUPPORTED = Set.of("filter", "orderby", "top", "skip", "count", "select",
      "skiptoken", "format");
  /** System options OData defines that this resource cannot honour. */
  private static final Set<String> UNSUPPORTED = Set.of("expand", "search", "apply", "compute", "levels", "index",
      "deltatoken", "schemaversion", "id");

  static final QueryString EMPTY = new QueryString(Map.of());

  private final Map<String, String> options;

  private QueryString(Map<String, String> options) {
    this.options = options;
  }

  /** Parses a raw query string (null for none); option values stay percent-encoded. */
  static QueryString parse(String rawQuery) throws ClientErrorException {
    return parse(rawQuery, false);
  }

  /** @param expand whether {@code $expand} is served (on the engine's places; issue 31) */
  static QueryString parse(String rawQuery, boolean expand) throws ClientErrorException {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryString(options);
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String rawName = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1).replace("+", "%20");
      checkEncoding(rawName);
      checkEncoding(value);
      String name = decode(rawName);
      String bare = (name.startsWith("$") ? name.substring(1) : name).toLowerCase(Locale.ROOT);
      if (expand && bare.equals("expand")) {
        if (options.containsKey("$expand")) {
          throw ClientErrorException.badRequest("The query option '$expand' is given more than once.");
        }
        options.put("$expand", value);
        continue;
      }
      if (UNSUPPORTED.contains(bare)) {
        // Not the served path's name: the schema (bundled or --metadata) decides what that is.
        throw ClientErrorException.badRequest("The query option '$" + bare + "' is not supported by graphmock.");
      }
      String canonical = SUPPORTED.contains(bare) ? "$" + bare : name;
      if (!SUPPORTED.contains(bare) && name.startsWith("$")) {
        // A system option OData does not define (or not in this spelling): Graph refuses it too.
        throw ClientErrorException.badRequest("The query option '" + name + "' is not supported.");
      }
      if (options.containsKey(canonical)) {
        throw ClientErrorException.badRequest("The query option '" + canonical + "' is given more than once.");
      }
      options.put(canonical, value);
    }
    return new QueryString(options);
  }

  /** The raw (percent-encoded) value of an option by canonical name, such as {@code $filter}, or null. */
  String raw(String name) {
    return options.get(name);
  }

  /** The decoded value of an option, or null. */
  String decoded(String name) {
    String raw = options.get(name);
    return raw == null ? null : decode(raw);
  }

  /** The parameter aliases ({@code @name=value} options), decoded, by name with its {@code @}. */
  Map<String, String> aliases() {
    Map<String, String> aliases = new LinkedHashMap<>();
    options.forEach((name, value) -> {
      if (name.startsWith("@")) {
        aliases.put(name, decode(value));
      }
    });
    return aliases;
  }

  /** These options without the parameter aliases, once they have been substituted. */
  QueryString withoutAliases() {
    Map<String, String> rest = new LinkedHashMap<>(options);
    rest.keySet().removeIf(name -> name.startsWith("@"));
    return new QueryString(rest);
  }

  QueryString with(String name, String rawValue) {
    Map<String, String> changed = new LinkedHashMap<>(options);
    if (rawValue == null) {
      changed.remove(name);
    } else {
      changed.put(name, rawValue);
    }
    return new QueryString(changed);
  }

  boolean isEmpty() {
    return options.isEmpty();
  }

  /** The query string, percent-encoded, without {@code ?}; null when there are no options. */
  String toRaw() {
    if (options.isEmpty()) {
      return null;
    }
    StringBuilder raw = new StringBuilder();
    options.forEach((name, value) -> {
      if (!raw.isEmpty()) {
        raw.append('&');
      }
      raw.append(name).append('=').append(value);
    });
    return raw.toString();
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%20"), StandardCharsets.UTF_8);
  }

  private static void checkEncoding(String raw) throws ClientErrorException {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '%' && (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2)))) {
        throw ClientErrorException.badRequest("The query string has a malformed percent-encoding at '"
            + raw.substring(i, Math.min(raw.length(), i + 3)) + "'.");
      }
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
