package dev.graphmock.model;

/** A structural property of an entity or complex type: its name, the type of its value, and whether it may be null. */
public record Property(String name, ValueType type, boolean nullable) {
}
