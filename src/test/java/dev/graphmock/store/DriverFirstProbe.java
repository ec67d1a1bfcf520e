package dev.graphmock.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * Run by {@link SqliteLibraryCacheTest} in a JVM of its own: sqlite-jdbc is used directly (and so loads its library)
 * before graphmock opens a database in the same JVM, as in a user's tests that start graphmock beside their own
 * SQLite. Prints what it stored and read back.
 */
public final class DriverFirstProbe {
  private DriverFirstProbe() {
  }

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
         Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
    try (Database database = Database.open(Path.of(args[0]), "test", GroupCommitTest.ENTITY, List.of())) {
      EntityStore store = new EntityStore(database, GroupCommitTest.ENTITY);
      store.insert("t", GroupCommitTest.row("probe", 7));
      System.out.println("stored and read back: " + store.find("t", "probe").isPresent());
    }
  }
}
