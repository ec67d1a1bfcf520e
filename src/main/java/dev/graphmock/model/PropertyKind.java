package dev.graphmock.model;

/**
 * The EDM primitive types graphmock can store, plus enums. Each maps to one Java value type:
 * {@code String}, {@code Boolean}, {@code Integer}, {@code Long}, {@code Double}, {@link DateTimeOffsetValue},
 * {@link java.time.Duration} and, for enums, the member name as a {@code String}.
 */
public enum PropertyKind {
  STRING, BOOLEAN, INT32, INT64, DOUBLE, DATE_TIME_OFFSET, DURATION, ENUM
}
