package dev.graphmock.http;

/**
 * What a request does, for the permission check: the names match the {@code permissions} keys beside the schema
 * in {@code metadata/}.
 */
enum Operation {
  READ, CREATE, UPDATE, DELETE;

  String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The operation of {@code method} on {@code path} (relative to the version root). */
  static Operation of(String method, String path) {
    return switch (method) {
      case "POST" -> path.equalsIgnoreCase("/$batch") ? READ : CREATE;
      case "PATCH", "PUT", "MERGE" -> UPDATE;
      case "DELETE" -> DELETE;
      default -> READ;
    };
  }
}
