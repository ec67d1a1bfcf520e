package dev.graphmock.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A JSON answer the engine writes whole in memory (entities, pages, operation results). */
final class JsonBytes {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonBytes() {
  }

  interface Work {
    void write(JsonGenerator json) throws IOException;
  }

  static byte[] write(Work work) {
    // In blocks, copied once at the end, as the bundled path writes its pages: a growing array copied a page of
    // 100 events seven times (5 % of the page's CPU, profiled).
    ByteArrayBuilder bytes = new ByteArrayBuilder();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      work.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return bytes.toByteArray();
  }
}
