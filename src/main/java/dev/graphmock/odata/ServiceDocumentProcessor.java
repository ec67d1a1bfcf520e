package dev.graphmock.odata;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * {@code GET {root}/}: the service document, with an absolute {@code @odata.context} as Graph writes it
 * (Olingo's default processor writes a relative {@code "$metadata"}).
 */
final class ServiceDocumentProcessor implements org.apache.olingo.server.api.processor.ServiceDocumentProcessor {
  private OData odata;
  private ServiceMetadata serviceMetadata;

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
    this.serviceMetadata = serviceMetadata;
  }

  @Override
  public void readServiceDocument(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                  ContentType responseFormat) throws ODataLibraryException {
    response.setStatusCode(200);
    response.setHeader(HttpHeader.CONTENT_TYPE, responseFormat.toContentTypeString());
    response.setContent(odata.createSerializer(responseFormat)
        .serviceDocument(serviceMetadata, request.getRawBaseUri() + "/").getContent());
  }
}
