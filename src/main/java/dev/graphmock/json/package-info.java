/**
 * Entities as Graph's JSON, driven by the EDM: reading a body with every check {@code POST} makes, writing an
 * entity or a page at each metadata level, and the rendering of an entity's values the store keeps so that a page is
 * written by copying it ({@code RowRendering}). The one truth of "a valid event" and of how one looks, for the OData
 * processors and for whatever else reads or writes events (fixtures, exports).
 *
 * <p>{@code ValueReader} and {@code ValueWriter} read and write any value the type graph declares (primitive, enum,
 * complex of a derived type too, collection), naming the value's path in every refusal: the engine of issue 31
 * reads and writes every type through them.
 *
 * <p>May use {@code model} and Jackson; never Olingo, Jetty or the store.
 */
@Layer(uses = "model", libraries = "com.fasterxml.jackson")
package dev.graphmock.json;

import dev.graphmock.layering.Layer;
