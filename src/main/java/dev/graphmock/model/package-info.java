/**
 * The entity model as the rest of the program sees it: property kinds, enum members and the value types that
 * travel between the wire format and the store. Built from the EDM by {@code odata}; depends on nothing else in
 * graphmock and on no library, so that {@code store} can use it without seeing Olingo.
 */
@Layer
package dev.graphmock.model;

import dev.graphmock.layering.Layer;
