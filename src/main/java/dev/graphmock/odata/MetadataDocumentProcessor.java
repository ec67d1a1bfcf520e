package dev.graphmock.odata;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.MetadataProcessor;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * {@code GET {root}/$metadata}: the EDMX file's bytes as XML (see {@link GraphModel}); JSON CSDL, when asked for
 * with {@code $format=json} or {@code Accept: application/json}, is {@link JsonCsdl}'s rendering of the same
 * model. Both are made once, at start-up.
 */
final class MetadataDocumentProcessor implements MetadataProcessor {
  private final GraphModel model;

  MetadataDocumentProcessor(GraphModel model) {
    this.model = model;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // Both documents are ready in the model.
  }

  @Override
  public void readMetadata(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
{
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    if (format.isCompatible(ContentType.APPLICATION_XML)) {
      response.setHeader(HttpHeader.CONTENT_TYPE, "application/xml");
      response.setContent(new ResponseBody(model.metadataXml()));
    } else {
      response.setHeader(HttpHeader.CONTENT_TYPE, "application/json");
      response.setContent(new ResponseBody(model.metadataJson()));
    }
  }
}
