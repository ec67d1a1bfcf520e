/**
 * Jetty: the server ({@link dev.graphmock.http.HttpServer}), its handler chain (request ids, body size limit,
 * graceful stop) and the servlet that turns HTTP exchanges into {@link dev.graphmock.odata.GraphRequest}s for the
 * {@link dev.graphmock.http.GraphPipeline}. Owns what Graph does before OData starts: version roots and the bearer
 * token, then the fault rules and the throttle ({@code faults} decides, the pipeline acts), and records every
 * request in the {@code journal}; routes {@code /__admin/} to {@code admin} and decides who may call it. May use
 * {@code admin}, {@code errors}, {@code journal}, {@code faults}, {@code model}, {@code odata} and {@code json} (for
 * what a JSON batch's syntax error is called); Olingo types
 * never appear here, and the store is reached only through the OData service and the admin API. Wired by
 * {@code app}.
 */
@Layer(uses = {"admin", "errors", "faults", "journal", "json", "model", "odata"}, libraries = {"org.eclipse.jetty", "jakarta.servlet", "org.bouncycastle", "com.fasterxml.jackson", "org.slf4j"})
package dev.graphmock.http;

import dev.graphmock.layering.Layer;
