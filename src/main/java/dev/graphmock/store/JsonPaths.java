package dev.graphmock.store;

import java.util.List;

/**
 * A path of property names into a JSON value, written as each store's JSON functions take it: {@code $.a.b} for
 * SQLite's {@code json_extract}, <code>{a,b}</code> for PostgreSQL's {@code #>>}. The names are written into the
 * SQL, so each must be an OData simple identifier (as every name a schema may declare is): a name from anywhere
 * else is refused here rather than trusted; the one other name a path may hold is {@link #TYPE}.
 */
final class JsonPaths {
  private JsonPaths() {
  }

  /** The member of a complex value that names its type when it is not the declared one ({@code json.ValueWriter}). */
  static final String TYPE = "@odata.type";

  /** {@code $} for the value itself, {@code $.a.b} below it ({@code $.a."@odata.type"} for {@link #TYPE}). */
  static String dotted(List<String> path) {
    StringBuilder text = new StringBuilder("$");
    for (String name : path) {
      text.append('.').append(name.equals(TYPE) ? "\"" + TYPE + "\"" : check(name));
    }
    return text.toString();
  }

  /** <code>{}</code> for the value itself, <code>{a,b}</code> below it. */
  static String braced(List<String> path) {
    StringBuilder text = new StringBuilder("{");
    for (String name : path) {
      if (text.length() > 1) {
        text.append(',');
      }
      text.append(name.equals(TYPE) ? TYPE : check(name));
    }
    return text.append('}').toString();
  }

  /**
   * {@code name}, if it is a simple identifier: a letter or underscore, then letters, digits and underscores
   * (CSDL 4.0, section 17.2, within ASCII here).
   */
  static String check(String name) {
    boolean valid = !name.isEmpty() && name.length() <= 128;
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
    }
    if (!valid) {
      throw new IllegalArgumentException("not a property name that may be written into SQL: '" + name + "'");
    }
    return name;
  }
}
