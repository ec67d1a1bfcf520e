package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySegmentsTest {
  static KeySegments keys;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = KeySegmentsTest.class.getResourceAsStream("/metadata/seed.xml")) {
      GraphModel model = GraphModel.load("seed", in.readAllBytes(), null);
      keys = new KeySegments(model.singleton(), model.collection());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/deviceManagement/autopilotEvents/abc | /deviceManagement/autopilotEvents('abc')",
      "/deviceManagement/autopilotEvents/it's | /deviceManagement/autopilotEvents('it''s')",
      "/deviceManagement/autopilotEvents/a%2Fb%20c | /deviceManagement/autopilotEvents('a%2Fb%20c')",
      "/deviceManagement/autopilotEvents/a+b | /deviceManagement/autopilotEvents('a%2Bb')",
      "/deviceManagement/autopilotEvents/%24x | /deviceManagement/autopilotEvents('%24x')",
      "/deviceManagement/autopilotEvents/abc/deviceId | /deviceManagement/autopilotEvents('abc')/deviceId",
      "/deviceManagement/autopilotEvents/$count | /deviceManagement/autopilotEvents/$count",
      "/deviceManagement/autopilotEvents('abc') | /deviceManagement/autopilotEvents('abc')",
      "/deviceManagement/autopilotEvents | /deviceManagement/autopilotEvents",
      "/deviceManagement/autopilotEvents/ | /deviceManagement/autopilotEvents/",
      "/deviceManagement | /deviceManagement",
      "/$metadata | /$metadata"})
  void rewritesKeySegmentsOnly(String raw, String normalized) {
    assertEquals(normalized, keys.normalize(raw));
  }
}
