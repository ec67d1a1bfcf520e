package dev.graphmock.odata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled seed schema, loaded once for the unit tests that need an EDM. */
final class SeedSchema {
  static final GraphModel MODEL = load();

  private SeedSchema() {
  }

  private static GraphModel load() {
    try {
      return GraphModel.load("seed", Files.readAllBytes(Path.of("metadata/seed.xml")),
          Files.readAllBytes(Path.of("metadata/seed.server.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
