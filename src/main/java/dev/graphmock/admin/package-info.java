/**
 * The admin API under {@code /__admin/}, for tests that control graphmock: JSON in and out, errors in Graph's
 * shape ({@code errors}), no {@code @odata} annotations (admin calls are not Graph calls). Thin: it reads a request,
 * calls the store and the entity JSON writer, and answers; an import is first received into a temporary file, so
 * that the store's write transaction never waits for a client. Sits beside {@code http}, which routes to it and
 * decides who may call it; may use {@code store}, {@code query}, {@code json}, {@code fixtures}, {@code journal},
 * {@code faults}, {@code model}, {@code errors} and the log, never Olingo, the OData service or Jetty.
 */
@Layer(uses = {"errors", "faults", "fixtures", "journal", "json", "model", "query", "store"}, libraries = {"com.fasterxml.jackson", "org.slf4j"})
package dev.graphmock.admin;

import dev.graphmock.layering.Layer;
