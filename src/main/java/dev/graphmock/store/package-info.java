/**
 * SQLite persistence through Jdbi: one table per entity type, its columns derived from an
 * {@link dev.graphmock.model.EntityDef}, one writer connection and a pool of readers under WAL. Takes
 * {@link dev.graphmock.query.Query} values and renders all of its SQL in one class ({@code SqlRenderer}, the place a
 * second dialect would go), converting values in one codec ({@code ColumnCodec}). May use {@code model} and
 * {@code query}; knows nothing of HTTP, OData or Olingo; callers hand it model values and get model values back.
 */
package dev.graphmock.store;
