package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.prefer.Preferences;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepresentationTest {
  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "GET    | none           | true",
      "POST   | none           | true",
      "POST   | REPRESENTATION | true",
      "POST   | MINIMAL        | false",
      "PATCH  | none           | false",
      "PATCH  | MINIMAL        | false",
      "PATCH  | REPRESENTATION | true",
      "PUT    | none           | false",
      "PUT    | REPRESENTATION | true",
      "DELETE | none           | false"})
  void anAnswerHasContentOnlyWhereOneIsOwed(HttpMethod method, Preferences.Return preferred, boolean returned) {
    assertEquals(returned, Representation.returned(method, preferred));
  }
}
