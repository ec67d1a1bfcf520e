/**
 * The ways in: {@code Main} (picocli; the server, and the {@code token}, {@code import}, {@code export} and
 * {@code generate} sub-commands, which are thin callers of the admin API; every flag also read from a
 * {@code GRAPHMOCK_…} variable) and {@link dev.graphmock.GraphMock}, the public in-JVM API with its builder, on
 * which {@code junit} sits. Both start what {@code app} wires. Nothing in the packages below depends on this one.
 * Public API: {@code GraphMock}, {@code GraphMock.Builder}, {@code junit.GraphMockExtension}, and the values they
 * hand out ({@code journal.JournalEntry}, {@code http.AuthMode}); every other class may change.
 */
@Layer(uses = {"admin", "app", "faults", "http", "journal", "model", "odata", "store"}, libraries = {"info.picocli", "picocli", "com.fasterxml.jackson"})
package dev.graphmock;

import dev.graphmock.layering.Layer;
