/**
 * Jetty: the server, its handler chain (request ids, body size limit, graceful stop) and the servlet that turns
 * HTTP exchanges into {@link dev.graphmock.odata.GraphRequest}s for the {@link dev.graphmock.http.GraphPipeline}.
 * Owns what Graph does before OData starts: version roots and the bearer token, then the fault rules and the
 * throttle ({@code faults} decides, the pipeline acts), and records every request in the {@code journal}; routes
 * {@code /__admin/} to {@code admin} and decides who may call it. May use {@code admin}, {@code journal},
 * {@code faults}, {@code odata} and {@code store}, and {@code json} only to hand the store the rendering it keeps
 * of each row; Olingo types never appear here.
 */
package dev.graphmock.http;
