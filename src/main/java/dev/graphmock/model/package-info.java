/**
 * The schema and its values as the rest of the program sees them, with no library: the type graph
 * ({@link dev.graphmock.model.TypeGraph}: entity and complex types with inheritance, every kind of value a property
 * holds as a {@link dev.graphmock.model.ValueType}, the paths entities are served at and where each navigation
 * points, the bound operations), and the flat row the release before the engine kept of a schema's one collection
 * ({@link dev.graphmock.model.EntityDef}, derived from the graph: what the move of its databases reads), with the
 * value types that travel between the
 * wire format and the store: {@link dev.graphmock.model.PrimitiveValues} says which Java value each EDM primitive is
 * and how the ones JSON writes as strings are written, {@link dev.graphmock.model.ComplexValue} is a complex value,
 * and {@link dev.graphmock.model.ValueJson} is how a layer that may not read JSON keeps one as JSON. Built from the
 * EDM by {@code odata}; depends on nothing else in graphmock and on no library, so that {@code store} can use it
 * without seeing Olingo.
 */
@Layer
package dev.graphmock.model;

import dev.graphmock.layering.Layer;
