package dev.graphmock.model;

import java.util.Map;

/**
 * One row of a collection read, as the store hands it over while its cursor is on the row: valid only during that
 * call. Its values are read from the row's columns when first asked for, so that a reader that can write the row
 * from its kept rendering never reads them.
 */
public interface StoredRow {
  /** The row's property values, by name in schema order. */
  Map<String, Object> values();

  /**
   * What the row was rendered to when it was written (opaque to the store: see
   * {@code dev.graphmock.json.RowRendering}), or null when none is kept or it was not asked for.
   */
  byte[] rendered();

  /** A row with no kept rendering, for values that did not come from the store. */
  static StoredRow of(Map<String, Object> values) {
    return of(values, null);
  }

  /** A row holding {@code values} and {@code rendered} as they are. */
  static StoredRow of(Map<String, Object> values, byte[] rendered) {
    return new StoredRow() {
      @Override
      public Map<String, Object> values() {
        return values;
      }

      @Override
      public byte[] rendered() {
        return rendered;
      }
    };
  }
}
