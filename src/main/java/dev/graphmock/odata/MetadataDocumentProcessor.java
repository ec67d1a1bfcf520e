package dev.graphmock.odata;

import java.io.ByteArrayInputStream;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.MetadataProcessor;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * {@code GET {root}/$metadata}: the EDMX file's bytes as XML (see {@link GraphModel}); JSON CSDL, when asked for
 * with {@code $format=json} or {@code Accept: application/json}, is Olingo's rendering of the same model.
 */
final class MetadataDocumentProcessor implements MetadataProcessor {
  private final GraphModel model;
  private OData odata;

  MetadataDocumentProcessor(GraphModel model) {
    this.model = model;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
  }

  @Override
  public void readMetadata(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataLibraryException {
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    if (format.isCompatible(ContentType.APPLICATION_XML)) {
      response.setHeader(HttpHeader.CONTENT_TYPE, "application/xml");
      response.setContent(new ByteArrayInputStream(model.metadataXml()));
    } else {
      response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
      response.setContent(odata.createSerializer(format).metadataDocument(model.serviceMetadata()).getContent());
    }
  }
}
