package dev.graphmock.store;

import dev.graphmock.model.EntityDef;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.StatementException;
import org.sqlite.SQLiteErrorCode;

/**
 * Create, read, update and delete of one entity type's rows. Values are model values keyed by property name
 * ({@link dev.graphmock.model.PropertyKind} says which Java type each has). Every write commits before it returns.
 */
public final class EntityStore {
  private final Database database;
  private final EntityTable table;
  private final String insert;
  private final String selectById;
  private final String deleteById;

  public EntityStore(Database database, EntityDef entity) {
    this.database = database;
    this.table = new EntityTable(entity);
    this.insert = table.insert();
    this.selectById = table.selectFrom() + " WHERE " + table.keyColumn() + " = ?";
    this.deleteById = "DELETE FROM " + table.name() + " WHERE " + table.keyColumn() + " = ?";
  }

  public EntityDef entity() {
    return table.entity();
  }

  /** Inserts a row holding every property. Throws {@link DuplicateKeyException} when the key is taken. */
  public void insert(Map<String, Object> values) {
    List<Object> arguments = table.insertArguments(values);
    String key = (String) values.get(table.entity().keyName());
    try {
      database.inWriteTransaction(handle -> {
        var update = handle.createUpdate(insert);
        for (int i = 0; i < arguments.size(); i++) {
          update.bind(i, arguments.get(i));
        }
        return update.execute();
      });
    } catch (StatementException e) {
      if (isConstraint(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
        throw new DuplicateKeyException(key);
      }
      throw new StoreException("insert of '" + key + "' failed", e);
    }
  }

  public Optional<Map<String, Object>> find(String key) {
    return database.read(handle -> handle.createQuery(selectById).bind(0, key)
        .map((row, context) -> table.read(row)).findOne());
  }

  /** Sets the given properties of the row with {@code key}; false when there is no such row. */
  public boolean update(String key, Map<String, Object> values) {
    if (values.isEmpty()) {
      return find(key).isPresent();
    }
    List<Object> arguments = new java.util.ArrayList<>();
    String sql = table.update(values, arguments);
    arguments.add(key);
    try {
      int changed = database.inWriteTransaction(handle -> {
        var update = handle.createUpdate(sql);
        for (int i = 0; i < arguments.size(); i++) {
          update.bind(i, arguments.get(i));
        }
        return update.execute();
      });
      return changed > 0;
    } catch (StatementException e) {
      throw new StoreException("update of '" + key + "' failed", e);
    }
  }

  public boolean delete(String key) {
    return database.inWriteTransaction(handle -> handle.createUpdate(deleteById).bind(0, key).execute()) > 0;
  }

  public long count() {
    return database.read(handle -> handle.createQuery("SELECT count(*) FROM " + table.name())
        .mapTo(Long.class).one());
  }

  /** Streams every row in key order to {@code sink}, from a cursor: rows are not collected first. */
  public void forEach(Consumer<Map<String, Object>> sink) {
    database.read(handle -> {
      try (var rows = handle.createQuery(table.selectFrom() + " ORDER BY " + table.keyColumn())
          .map((row, context) -> table.read(row)).stream()) {
        rows.forEach(sink);
      }
      return null;
    });
  }

  private static boolean isConstraint(StatementException e, SQLiteErrorCode code) {
    return e.getCause() instanceof SQLException sql
        && sql instanceof org.sqlite.SQLiteException sqlite && sqlite.getResultCode() == code;
  }
}
