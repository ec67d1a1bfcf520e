package dev.graphmock.odata;

import dev.graphmock.store.EntityStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;

/**
 * The OData service behind one version root: rewrites key-as-segment paths, hands the request to Olingo's raw
 * handler (we build the {@link ODataRequest} ourselves, which also sidesteps Olingo's servlet-path lookup, notes
 * §10.7) and returns the complete response. The metadata and the processors are made once; Olingo's handler is
 * made per request, which costs one small object (notes §10).
 */
public final class ODataService {
  private final OData odata = OData.newInstance();
  private final GraphModel model;
  private final KeySegments keySegments;
  private final EnumLiterals enumLiterals;
  private final EntityResourceProcessor entities;
  private final MetadataDocumentProcessor metadata;
  private final ServiceDocumentProcessor serviceDocument = new ServiceDocumentProcessor();
  private final PropertyProcessor properties;

  /**
   * @param defaultPageSize the page size when neither {@code $top} nor {@code odata.maxpagesize} sets one
   * @param maxPageSize the largest page served; a larger {@code $top} is capped to it
   */
  public ODataService(GraphModel model, EntityStore store, int defaultPageSize, int maxPageSize) {
    this.model = model;
    this.keySegments = new KeySegments(model.singleton(), model.collection());
    this.enumLiterals = new EnumLiterals(model.enumTypeByProperty());
    this.entities = new EntityResourceProcessor(model, store,
        new CollectionReader.PageSizes(defaultPageSize, maxPageSize));
    this.metadata = new MetadataDocumentProcessor(model);
    this.properties = new PropertyProcessor(model, store);
  }

  public GraphResponse handle(GraphRequest request) {
    HttpMethod method;
    try {
      method = HttpMethod.valueOf(request.method());
    } catch (IllegalArgumentException unknown) {
      method = null;
    }
    if (method == null || method == HttpMethod.MERGE) {
      return GraphError.response(405, "The HTTP method '" + request.method() + "' is not supported.", request);
    }
    String query;
    try {
      query = normalizeQuery(request.query());
    } catch (ClientErrorException e) {
      return GraphError.response(400, e.getMessage(), request);
    }
    ODataRequest odataRequest = new ODataRequest();
    odataRequest.setMethod(method);
    request.headers().forEach(odataRequest::addHeader);
    odataRequest.setBody(new ByteArrayInputStream(request.body()));
    // Olingo answers an empty path with a 307 to "/"; Graph serves the service document at the bare root.
    String path = request.path().isEmpty() ? "/" : keySegments.normalize(request.path());
    odataRequest.setRawBaseUri(request.serviceRoot());
    odataRequest.setRawODataPath(path);
    odataRequest.setRawQueryPath(query);
    odataRequest.setRawRequestUri(request.serviceRoot() + path + (query == null ? "" : "?" + query));
    odataRequest.setProtocol("HTTP/1.1");

    ODataHandler handler = odata.createRawHandler(model.serviceMetadata());
    handler.register(entities);
    handler.register(metadata);
    handler.register(serviceDocument);
    handler.register(properties);
    handler.register(new GraphErrorProcessor(request));
    return toGraphResponse(handler.process(odataRequest));
  }

  /** Graph's option spellings to Olingo's, and enum literals in $filter to the form Olingo accepts. */
  private String normalizeQuery(String rawQuery) throws ClientErrorException {
    QueryString query = QueryString.parse(rawQuery);
    String filter = query.decoded("$filter");
    if (filter != null) {
      FilterComplexity.check(filter);
      query = query.with("$filter", QueryString.encode(enumLiterals.rewrite(filter)));
    }
    return query.toRaw();
  }

  private static GraphResponse toGraphResponse(ODataResponse response) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : response.getAllHeaders().entrySet()) {
      headers.put(header.getKey(), String.join(", ", header.getValue()));
    }
    byte[] body;
    try (InputStream content = response.getContent()) {
      body = content == null ? new byte[0] : content.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading a response Olingo built in memory", e);
    }
    return new GraphResponse(response.getStatusCode(), headers, body);
  }
}
