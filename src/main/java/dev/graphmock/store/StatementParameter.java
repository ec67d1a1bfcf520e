package dev.graphmock.store;

import java.lang.reflect.Type;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * One parameter of a statement the engine's store runs, set as the JDBC type of its value (what the codecs make:
 * null, text, whole and real numbers, bytes). All of a statement's parameters are of this one {@link Argument} type:
 * Jdbi looks an argument factory up for each type a statement binds, again for each statement, which was 16 µs of
 * a 290 µs read by id while the values were bound by their own types (issue 31, step 7).
 */
record StatementParameter(Object value) implements Argument {
  /**
   * Hands Jdbi this type's parameters as they are. Registered with the database's Jdbi, as a factory that prepares
   * (whose answer Jdbi keeps per type): an {@link Argument} Jdbi meets without one is looked for through every
   * factory it has for each statement again (5 % of a page of 100, profiled).
   */
  static final ArgumentFactory.Preparable FACTORY = new ArgumentFactory.Preparable() {
    @Override
    public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
      return type == StatementParameter.class ? Optional.of(value -> (Argument) value) : Optional.empty();
    }
  };

  @Override
  public void apply(int position, PreparedStatement statement, StatementContext context) throws SQLException {
    if (value == null) {
      statement.setNull(position, java.sql.Types.NULL);
    } else if (value instanceof String text) {
      statement.setString(position, text);
    } else if (value instanceof Long whole) {
      statement.setLong(position, whole);
    } else if (value instanceof Integer whole) {
      statement.setInt(position, whole);
    } else if (value instanceof Double real) {
      statement.setDouble(position, real);
    } else if (value instanceof byte[] bytes) {
      statement.setBytes(position, bytes);
    } else {
      statement.setObject(position, value);
    }
  }
}
