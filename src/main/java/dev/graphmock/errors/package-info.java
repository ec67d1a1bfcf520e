/**
 * Graph's error body ({@link dev.graphmock.errors.GraphError}) and what a client is told when serving its request
 * failed ({@link dev.graphmock.errors.Failure}: store out of space 507, unreachable 503, a value it cannot hold 400,
 * else 500), written once for Graph calls, batch items, Olingo's errors, Jetty's and the admin API's. May use the
 * store's exception types and Jackson's generator; never Olingo, Jetty or the servlet API, so every layer can use
 * it.
 */
@Layer(uses = "store", libraries = "com.fasterxml.jackson.core")
package dev.graphmock.errors;

import dev.graphmock.layering.Layer;
