package dev.graphmock.app;

import dev.graphmock.odata.GraphModel;
import dev.graphmock.odata.SchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a schema comes from: {@code --metadata FILE}, else a bundled one from {@code metadata/}. */
public final class Schemas {
  private Schemas() {
  }

  /**
   * The schema {@code NAME.xml}, with its server-side settings {@code NAME.server.json} beside it when there is
   * one: from {@code metadataFile}, else bundled. A {@link SchemaException} says what is wrong with it.
   */
  public static GraphModel load(String schema, Path metadataFile) throws IOException {
    if (metadataFile != null) {
      String name = metadataFile.getFileName().toString().replaceFirst("\\.xml$", "");
      Path settings = metadataFile.resolveSibling(name + ".server.json");
      return GraphModel.load(name, Files.readAllBytes(metadataFile),
          Files.exists(settings) ? Files.readAllBytes(settings) : null);
    }
    byte[] edmx = bundled(schema + ".xml");
    if (edmx == null) {
      throw new SchemaException("there is no schema named '" + schema + "'");
    }
    return GraphModel.load(schema, edmx, bundled(schema + ".server.json"));
  }

  private static byte[] bundled(String file) throws IOException {
    try (InputStream in = Schemas.class.getResourceAsStream("/metadata/" + file)) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
