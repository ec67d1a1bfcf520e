/**
 * SQLite persistence through Jdbi: one table per entity type, its columns derived from an
 * {@link dev.graphmock.model.EntityDef}, one writer connection and a pool of readers under WAL.
 * Knows nothing of HTTP, OData or Olingo; callers hand it model values and get model values back.
 */
package dev.graphmock.store;
