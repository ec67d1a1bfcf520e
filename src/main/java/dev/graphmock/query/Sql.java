package dev.graphmock.query;

import java.util.ArrayList;
import java.util.List;

/** A fragment of SQL with its positional ({@code ?}) parameters, in order. */
public record Sql(String text, List<Object> parameters) {
  public static final Sql TRUE = new Sql("1", List.of());

  public Sql {
    parameters = java.util.Collections.unmodifiableList(new ArrayList<>(parameters));
  }

  public Sql and(Sql other) {
    if (this == TRUE) {
      return other;
    }
    if (other == TRUE) {
      return this;
    }
    List<Object> all = new ArrayList<>(parameters);
    all.addAll(other.parameters);
    return new Sql("(" + text + ") AND (" + other.text + ")", all);
  }
}
