package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.serializer.RepresentationType;
import org.apache.olingo.server.core.ContentNegotiator;
import org.apache.olingo.server.core.ContentNegotiatorException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The format Olingo's content negotiation chooses for an Accept header, given {@link ResponseFormats}. */
class ResponseFormatsTest {
  private static String negotiate(String accept, RepresentationType type) throws ContentNegotiatorException {
    ODataRequest request = new ODataRequest();
    request.addHeader("Accept", List.of(accept));
    return ContentNegotiator.doContentNegotiation(null, request, new ResponseFormats(), type).toContentTypeString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "application/json                               | application/json;odata.metadata=minimal",
      "*/*                                            | application/json;odata.metadata=minimal",
      "application/*                                  | application/json;odata.metadata=minimal",
      "application/json;odata.metadata=none           | application/json;odata.metadata=none",
      "application/json;odata.metadata=full           | application/json;odata.metadata=full",
      "application/json;charset=utf-8                 | application/json;charset=utf-8;odata.metadata=minimal",
      "application/json;q=0.5, application/xml;q=0.9  | application/json;odata.metadata=minimal",
      "application/xml;q=0.9, */*;q=0.1               | application/json;odata.metadata=minimal",
      "application/atom+xml, application/json;q=0.1   | application/json;odata.metadata=minimal",
      "text/html, application/*;q=0.1                 | application/json;odata.metadata=minimal"})
  void choosesJsonWheneverAcceptAllowsIt(String accept, String chosen) throws ContentNegotiatorException {
    assertEquals(chosen, negotiate(accept, RepresentationType.ENTITY));
    assertEquals(chosen, negotiate(accept, RepresentationType.COLLECTION_ENTITY));
    assertEquals(chosen, negotiate(accept, RepresentationType.PRIMITIVE));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "application/xml",
      "application/atom+xml",
      "application/xml, application/atom+xml;q=0.5",
      "text/html"})
  void refusesAnAcceptWithoutJson(String accept) {
    assertThrows(ContentNegotiatorException.class, () -> negotiate(accept, RepresentationType.ENTITY));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "application/xml  | METADATA | application/xml",
      "application/json | METADATA | application/json",
      "application/xml  | SERVICE  | application/xml",
      "text/plain       | COUNT    | text/plain"})
  void leavesWhatOlingoWritesItselfAsItWas(String accept, RepresentationType type, String chosen)
      throws ContentNegotiatorException {
    assertEquals(chosen, negotiate(accept, type));
  }
}
