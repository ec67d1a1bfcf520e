/**
 * A query as a value: a filter expression tree, sort keys, a keyset position and a page, with no Olingo types and
 * no SQL ({@link dev.graphmock.query.Query}). Built by {@code odata} from Olingo's parse; rendered to SQL and run
 * by {@code store}. Depends on {@code model} only.
 */
@Layer(uses = "model")
package dev.graphmock.query;

import dev.graphmock.layering.Layer;
