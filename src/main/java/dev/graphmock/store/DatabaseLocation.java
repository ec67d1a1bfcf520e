package dev.graphmock.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the events live, as {@code --db} names it, parsed once: a SQLite file, SQLite in this process's memory
 * ({@value Database#IN_MEMORY}), or a PostgreSQL database ({@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE}
 * or the same as a {@code jdbc:postgresql://} URL). {@link #toString} never shows a password: it is what logs and
 * the ready line print.
 */
public sealed interface DatabaseLocation {
  /** A SQLite database file, created with its folder when missing. */
  record SqliteFile(Path file) implements DatabaseLocation {
    @Override
    public String toString() {
      return file.toString();
    }
  }

  /** A SQLite database in this process's memory, gone when it ends. */
  record InMemory() implements DatabaseLocation {
    @Override
    public String toString() {
      return "in memory";
    }
  }

  /**
   * A PostgreSQL database.
   *
   * @param jdbcUrl the driver's URL without user or password ({@code jdbc:postgresql://host:port/database?…})
   * @param user the role to log in as, or null for the driver's default (the operating system's user)
   * @param password the password, or null: then {@code PGPASSWORD}, or none
   */
  record Postgres(String jdbcUrl, String user, String password) implements DatabaseLocation {
    @Override
    public String toString() {
      return jdbcUrl.substring("jdbc:".length()).replaceFirst("^postgresql://", "postgresql://"
          + (user == null ? "" : user + "@"));
    }
  }

  /**
   * Parses a {@code --db} value. A value that starts with {@code postgresql:}, {@code postgres:} or
   * {@code jdbc:postgresql:} must be a whole PostgreSQL URL; anything else is a SQLite file's path.
   *
   * @param passwordFromEnvironment {@code PGPASSWORD}'s value, used when the URL carries no password; may be null
   * @throws IllegalArgumentException naming what is wrong with a PostgreSQL URL (never its password)
   */
  static DatabaseLocation parse(String value, String passwordFromEnvironment) {
    if (value.equals(Database.IN_MEMORY)) {
      return new InMemory();
    }
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    if (!lower.startsWith("postgresql:") && !lower.startsWith("postgres:") && !lower.startsWith("jdbc:postgresql:")) {
      return new SqliteFile(Path.of(value));
    }
    String withoutJdbc = lower.startsWith("jdbc:") ? value.substring("jdbc:".length()) : value;
    URI uri;
    try {
      uri = new URI(withoutJdbc.replaceFirst("^(?i)postgres(ql)?:", "postgresql:"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--db: not a PostgreSQL URL; write postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
    }
    if (uri.getRawAuthority() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("--db: a PostgreSQL URL needs a host: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.length() <= 1 || path.indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException("--db: a PostgreSQL URL needs one database name after the host:"
          + " postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    if (password == null && passwordFromEnvironment != null && !passwordFromEnvironment.isEmpty()) {
      password = passwordFromEnvironment;
    }
    String host = uri.getHost();
    String jdbcUrl = "jdbc:postgresql://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new Postgres(jdbcUrl, user == null || user.isEmpty() ? null : user, password);
  }

  /** Parses a {@code --db} value, taking a missing password from the {@code PGPASSWORD} environment variable. */
  static DatabaseLocation parse(String value) {
    return parse(value, System.getenv("PGPASSWORD"));
  }

  /** A SQLite file, or memory when {@code file} is {@value Database#IN_MEMORY}. */
  static DatabaseLocation sqlite(Path file) {
    return file.toString().equals(Database.IN_MEMORY) ? new InMemory() : new SqliteFile(file);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
