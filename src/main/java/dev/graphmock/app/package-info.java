/**
 * The application: the one place that knows every part. {@link dev.graphmock.app.ServerConfig} is the
 * configuration, validated once; {@link dev.graphmock.app.GraphServer} wires a start (the schema, the database and
 * store, the journal, fault rules and throttle, the OData service behind each version root, the admin API, TLS,
 * seed data, Jetty) and its stop; {@link dev.graphmock.app.ExitCode} says what a failed start means to the process.
 * Used by the ways in (the root package: the command line, the in-JVM API); nothing below depends on it.
 */
@Layer(uses = {"admin", "faults", "http", "journal", "json", "model", "odata", "store"})
package dev.graphmock.app;

import dev.graphmock.layering.Layer;
