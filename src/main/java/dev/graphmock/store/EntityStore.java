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
        try {
          java.sql.PreparedStatement statement = database.statement(handle, insert);
          for (int i = 0; i < arguments.size(); i++) {
            statement.setObject(i + 1, arguments.get(i));
          }
          return statement.executeUpdate();
        } catch (SQLException e) {
          if (isConstraint(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
            throw new DuplicateKeyException(key);
          }
          throw new StoreException("insert of '" + key + "' failed", e);
        }
      });
    } catch (StatementException e) {
      throw new StoreException("insert of '" + key + "' failed", e);
    }
  }

  /**
   * Inserts many rows in one transaction: for loading fixtures and benchmark data, where one commit per row
   * would cost a write to the WAL each. All or nothing; a duplicate key rolls back the whole batch.
   */
  public void insertAll(List<Map<String, Object>> rows) {
    try {
      database.inWriteTransaction(handle -> {
        var batch = handle.prepareBatch(insert);
        for (Map<String, Object> row : rows) {
          List<Object> arguments = table.insertArguments(row);
          for (int i = 0; i < arguments.size(); i++) {
            batch.bind(i, arguments.get(i));
          }
          batch.add();
        }
        return batch.execute();
      });
    } catch (StatementException e) {
      if (isConstraint(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
        throw new DuplicateKeyException("(one of the batch)");
      }
      throw new StoreException("batch insert of " + rows.size() + " rows failed", e);
    }
  }

  public Optional<Map<String, Object>> find(String key) {
    return database.read(handle -> {
      try {
        java.sql.PreparedStatement statement = database.statement(handle, selectById);
        statement.setString(1, key);
        try (java.sql.ResultSet row = statement.executeQuery()) {
          return row.next() ? Optional.of(table.read(row)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw new StoreException("read of '" + key + "' failed", e);
      }
    });
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
    return database.inWriteTransaction(handle -> {
      try {
        java.sql.PreparedStatement statement = database.statement(handle, deleteById);
        statement.setString(1, key);
        return statement.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("delete of '" + key + "' failed", e);
      }
    }) > 0;
  }

  /**
   * Streams the rows matching {@code where} in {@code orderBy} order, at most {@code limit} after skipping
   * {@code offset}, to {@code sink} as they come off the cursor: rows are never collected first.
   * {@code where} and {@code orderBy} are SQL made by the query layer; every value in them is a parameter.
   */
  public void select(String where, List<Object> parameters, String orderBy, int limit, long offset,
                     Consumer<Map<String, Object>> sink) {
    String sql = table.selectFrom() + " WHERE " + where + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?";
    database.read(handle -> {
      var query = handle.createQuery(sql);
      int index = 0;
      for (Object parameter : parameters) {
        query.bind(index++, parameter);
      }
      query.bind(index++, limit).bind(index, offset);
      try (var rows = query.map((row, context) -> table.read(row)).stream()) {
        rows.forEach(sink);
      }
      return null;
    });
  }

  /** How many rows match {@code where} (SQL from the query layer, values as parameters). */
  public long count(String where, List<Object> parameters) {
    return database.read(handle -> {
      var query = handle.createQuery("SELECT count(*) FROM " + table.name() + " WHERE " + where);
      int index = 0;
      for (Object parameter : parameters) {
        query.bind(index++, parameter);
      }
      return query.mapTo(Long.class).one();
    });
  }

  private static boolean isConstraint(StatementException e, SQLiteErrorCode code) {
    return e.getCause() instanceof SQLException sql && isConstraint(sql, code);
  }

  private static boolean isConstraint(SQLException e, SQLiteErrorCode code) {
    return e instanceof org.sqlite.SQLiteException sqlite && sqlite.getResultCode() == code;
  }
}
