/**
 * Jetty: the server, its handler chain (request ids, body size limit, graceful stop) and the servlet that turns
 * HTTP exchanges into {@link dev.graphmock.odata.GraphRequest}s for the {@link dev.graphmock.http.GraphPipeline}.
 * Owns what Graph does before OData starts: version roots and the bearer token; routes {@code /__admin/} to
 * {@code admin} and decides who may call it. May use {@code admin}, {@code odata} and {@code store}; Olingo types
 * never appear here.
 */
package dev.graphmock.http;
