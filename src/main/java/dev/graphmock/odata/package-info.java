/**
 * The OData service: the EDM loaded from an EDMX file, Olingo's URI parsing and dispatch, the engine's processors
 * for every place of the schema ({@code PlaceProcessor}, {@code PlaceOperations}, with the paths read as
 * {@link dev.graphmock.model.Address}es), and Graph's error body as a
 * {@link dev.graphmock.odata.GraphResponse}. Olingo types stay inside this package; callers see
 * {@link dev.graphmock.odata.GraphRequest} and {@link dev.graphmock.odata.GraphResponse} only. May use
 * {@code errors}, {@code json}, {@code model}, {@code query} and {@code store}; never Jetty or the servlet API.
 */
@Layer(uses = {"errors", "json", "model", "query", "store"}, libraries = {"org.apache.olingo", "com.fasterxml.jackson", "org.slf4j"})
package dev.graphmock.odata;

import dev.graphmock.layering.Layer;
