/**
 * A query as a value: a filter expression tree, sort keys and a keyset position, with no Olingo types, and
 * their rendering to SQL with bound parameters (no text from a request ever becomes SQL). Built by {@code odata}
 * from Olingo's parse; executed by {@code store}. Depends on {@code model} and on {@link
 * dev.graphmock.store.Columns} for the column convention.
 */
package dev.graphmock.query;
