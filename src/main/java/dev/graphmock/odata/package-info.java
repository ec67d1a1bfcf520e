/**
 * The OData service: the EDM loaded from an EDMX file, Olingo's URI parsing and dispatch, our processors, the
 * Graph-shaped error body and the JSON reading and writing of entities. Olingo types stay inside this package;
 * callers see {@link dev.graphmock.odata.GraphRequest} and {@link dev.graphmock.odata.GraphResponse} only.
 * May use {@code model} and {@code store}; never Jetty or the servlet API.
 */
package dev.graphmock.odata;
