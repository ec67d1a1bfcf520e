package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EntityStore#updateAndGet}: the row it hands back is the one its update wrote, even when another writer
 * changes or deletes that row the moment the update commits. The other writer is let in by {@link WriterAfterCommit}
 * at exactly that moment, on a real SQLite file and (with {@code -Dgraphmock.db=postgresql}) a real PostgreSQL.
 */
class EntityStoreTest {
  private static final EntityDef ENTITY = new EntityDef("test.thing", "id", List.of(
      new PropertyDef("id", PropertyKind.STRING, false, null),
      new PropertyDef("value", PropertyKind.INT32, false, null)));
  private static final String TENANT = "t";

  @TempDir
  Path folder;

  static Stream<String> databases() {
    return "postgresql".equals(System.getProperty("graphmock.db")) ? Stream.of("sqlite", "postgresql")
        : Stream.of("sqlite");
  }

  private Database open(String kind) {
    DatabaseLocation location = kind.equals("postgresql")
        ? DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl())
        : DatabaseLocation.sqlite(folder.resolve("store.db"));
    return Database.open(location, "test", ENTITY, List.of());
  }

  private static Map<String, Object> row(String id, int value) {
    return new java.util.LinkedHashMap<>(Map.of("id", id, "value", value));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void handsBackWhatItWroteThoughAnotherWriterChangesTheRowAtOnce(String kind) {
    try (Database real = open(kind); WriterAfterCommit database = new WriterAfterCommit(real)) {
      EntityStore other = new EntityStore(real, ENTITY);
      other.insert(TENANT, row("a", 0));
      database.next(() -> other.update(TENANT, "a", Map.of("value", 99)));
      Optional<Map<String, Object>> updated = new EntityStore(database, ENTITY).updateAndGet(TENANT, "a",
          Map.of("value", 1));
      assertEquals(Optional.of(1), updated.map(values -> values.get("value")),
          "the row handed back is the one this update wrote, not the other writer's");
      assertEquals(99, other.find(TENANT, "a").orElseThrow().get("value"), "the other writer came after it");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void handsBackWhatItWroteThoughAnotherWriterDeletesTheRowAtOnce(String kind) {
    try (Database real = open(kind); WriterAfterCommit database = new WriterAfterCommit(real)) {
      EntityStore other = new EntityStore(real, ENTITY);
      other.insert(TENANT, row("a", 0));
      database.next(() -> other.delete(TENANT, "a"));
      Optional<Map<String, Object>> updated = new EntityStore(database, ENTITY).updateAndGet(TENANT, "a",
          Map.of("value", 1));
      assertEquals(Optional.of(1), updated.map(values -> values.get("value")),
          "an update that succeeded hands back its row, not nothing");
      assertTrue(other.find(TENANT, "a").isEmpty(), "the other writer came after it");
    }
  }

  /**
   * A real database that runs one other write the moment a write transaction has committed and before its caller
   * continues: where a concurrent writer could land between two transactions, made to land there every time.
   */
  private static final class WriterAfterCommit extends Database {
    private final Database real;
    private Runnable next;

    WriterAfterCommit(Database real) {
      this.real = real;
    }

    /** {@code write} runs after the next write transaction commits, once. */
    void next(Runnable write) {
      next = write;
    }

    @Override
    <R> R inWriteTransaction(Transaction.Work<R> work) {
      R result = real.inWriteTransaction(work);
      Runnable write = next;
      next = null;
      if (write != null) {
        write.run();
      }
      return result;
    }

    @Override
    <R> R read(Transaction.Work<R> work) {
      return real.read(work);
    }

    @Override
    <R> R withStatement(Connection connection, String sql, StatementWork<R> work) {
      return real.withStatement(connection, sql, work);
    }

    @Override
    Dialect dialect() {
      return real.dialect();
    }

    @Override
    void runAlone(String sql) {
      real.runAlone(sql);
    }

    @Override
    public <T> T inUnitOfWork(Supplier<T> work, Predicate<T> keep) {
      return real.inUnitOfWork(work, keep);
    }

    @Override
    public Path file() {
      return real.file();
    }

    @Override
    public DatabaseLocation location() {
      return real.location();
    }

    @Override
    public Optional<byte[]> sharedSigningKey() {
      return real.sharedSigningKey();
    }

    @Override
    public void close() {
      // The real database is the test's to close.
    }
  }
}
