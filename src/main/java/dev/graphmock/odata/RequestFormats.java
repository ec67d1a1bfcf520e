package dev.graphmock.odata;

import dev.graphmock.json.MetadataLevel;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;

/** What a processor checks of a request before it reads or writes: its formats and its method, in Graph's words. */
final class RequestFormats {
  private RequestFormats() {
  }

  /** The metadata level a response format asks for ({@code odata.metadata}). */
  static MetadataLevel level(ContentType format) {
    return MetadataLevel.of(format == null ? null : format.getParameter(ContentType.PARAMETER_ODATA_METADATA));
  }

  /** A 406 unless the answer may be JSON. */
  static void requireJson(ContentType responseFormat) throws ODataApplicationException {
    if (!responseFormat.isCompatible(ContentType.APPLICATION_JSON)) {
      throw new ClientErrorException(406, "The requested format '" + responseFormat.toContentTypeString()
          + "' is not supported; graphmock answers with application/json.");
    }
  }

  /** A 415 unless the body is JSON. */
  static void requireJsonBody(ContentType requestFormat) throws ODataApplicationException {
    if (!requestFormat.isCompatible(ContentType.APPLICATION_JSON)) {
      throw new ClientErrorException(415, "The content type '" + requestFormat.toContentTypeString()
          + "' is not supported; send the body as application/json.");
    }
  }

  /** The 405 of a method the resource does not allow (the service adds {@code Allow}). */
  static ClientErrorException methodNotAllowed(ODataRequest request) {
    return new ClientErrorException(405, "The HTTP method '" + request.getMethod()
        + "' is not allowed for this resource.");
  }
}
