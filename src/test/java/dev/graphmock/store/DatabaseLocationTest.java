package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --db} values: which store each names, the driver's URL, the login, and what is printed of it. */
class DatabaseLocationTest {
  static Stream<Arguments> postgresUrls() {
    return Stream.of(
        Arguments.of("postgresql://app:pw@db.example:5433/mock", null,
            "jdbc:postgresql://db.example:5433/mock", "app", "pw", "postgresql://app@db.example:5433/mock"),
        Arguments.of("jdbc:postgresql://app:pw@db.example:5433/mock", null,
            "jdbc:postgresql://db.example:5433/mock", "app", "pw", "postgresql://app@db.example:5433/mock"),
        Arguments.of("postgres://app@localhost/mock?sslmode=require", "from-env",
            "jdbc:postgresql://localhost/mock?sslmode=require", "app", "from-env",
            "postgresql://app@localhost/mock?sslmode=require"),
        Arguments.of("postgresql://app:p%40ss%3Aw+rd@h:1/d", "ignored", "jdbc:postgresql://h:1/d", "app", "p@ss:w+rd",
            "postgresql://app@h:1/d"),
        Arguments.of("POSTGRESQL://h/d", null, "jdbc:postgresql://h/d", null, null, "postgresql://h/d"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("postgresUrls")
  void parsesPostgresqlUrls(String value, String pgpassword, String jdbcUrl, String user, String password,
                            String shown) {
    DatabaseLocation.Postgres location = assertInstanceOf(DatabaseLocation.Postgres.class,
        DatabaseLocation.parse(value, pgpassword));
    assertEquals(jdbcUrl, location.jdbcUrl());
    assertEquals(user, location.user());
    assertEquals(password, location.password());
    assertEquals(shown, location.toString());
    if (password != null) {
      assertFalse(location.toString().contains(password), "the password is never shown");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql://", "postgresql:///mock", "postgresql://h", "postgresql://h/", "postgresql://h/a/b",
      "postgresql://h:port/d", "postgresql://app:secret@h"})
  void refusesAPostgresqlUrlItCannotUseNamingNoPassword(String value) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> DatabaseLocation.parse(value, null));
    assertTrue(refused.getMessage().startsWith("--db: "), refused.getMessage());
    assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
  }

  @Test
  void anythingElseIsASqliteFileOrMemory() {
    assertEquals(new DatabaseLocation.SqliteFile(Path.of("./data/graph.db")), DatabaseLocation.parse("./data/graph.db", null));
    assertEquals(new DatabaseLocation.SqliteFile(Path.of("postgresql.db")), DatabaseLocation.parse("postgresql.db", null));
    assertEquals(new DatabaseLocation.InMemory(), DatabaseLocation.parse(":memory:", null));
    assertEquals("in memory", new DatabaseLocation.InMemory().toString());
  }
}
