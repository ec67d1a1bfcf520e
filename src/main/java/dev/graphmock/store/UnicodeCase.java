package dev.graphmock.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.Function;

/**
 * SQLite's {@code lower} and {@code upper} fold ASCII letters only (without the ICU extension); OData's
 * {@code tolower} and {@code toupper}, and .NET's string functions behind Graph, fold every letter. These replace
 * the built-ins on each connection, as the ICU extension itself does, with Java's locale-independent folding, so
 * that {@code tolower(deviceId) eq 'überweisung'} finds {@code ÜBERWEISUNG}. The SQL stays plain
 * {@code lower(…)}, which other databases already fold fully.
 */
final class UnicodeCase {
  private UnicodeCase() {
  }

  static void register(Connection connection) throws SQLException {
    Function.create(connection, "lower", new Fold(false), 1, Function.FLAG_DETERMINISTIC);
    Function.create(connection, "upper", new Fold(true), 1, Function.FLAG_DETERMINISTIC);
  }

  private static final class Fold extends Function {
    private final boolean upper;

    Fold(boolean upper) {
      this.upper = upper;
    }

    @Override
    protected void xFunc() throws SQLException {
      String text = value_text(0);
      if (text == null) {
        result();
      } else {
        result(upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT));
      }
    }
  }
}
