/**
 * The JUnit 5 extension, {@link dev.graphmock.junit.GraphMockExtension}: graphmock started once per test class
 * (its {@code @Nested} classes included) on a free port with its database in memory, reset before each test,
 * stopped after the class; or once per test from an instance field. Public API. Uses
 * {@link dev.graphmock.GraphMock} and the values it hands out ({@code journal.JournalEntry}) only; nothing in
 * graphmock depends on this package, and JUnit is an optional dependency, so the runnable jar works without it.
 */
@Layer(uses = {".", "journal"}, libraries = "org.junit")
package dev.graphmock.junit;

import dev.graphmock.layering.Layer;
