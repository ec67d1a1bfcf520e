/**
 * The admin API under {@code /__admin/}, for tests that control graphmock: JSON in and out, errors in Graph's
 * shape, no {@code @odata} annotations (admin calls are not Graph calls). Thin: it reads a request, calls the
 * store and the entity JSON writer, and answers. Sits beside {@code http}, which routes to it and decides who may
 * call it; may use {@code store}, {@code json}, {@code fixtures}, {@code journal}, {@code faults}, {@code model} and
 * {@code odata}'s error body, never Olingo or Jetty.
 */
package dev.graphmock.admin;
