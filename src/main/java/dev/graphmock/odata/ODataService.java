package dev.graphmock.odata;

import dev.graphmock.query.SkipTokens;
import dev.graphmock.store.FamilyStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;

/**
 * The OData service behind one version root. Per request: resolves the path against the schema
 * ({@link PathSegments}: letter case, Graph's 400 for a segment that names nothing, key-as-segment rewritten as a
 * key predicate), parses the query once ({@link RequestQuery}), hands the request to Olingo's raw handler (we build the
 * {@link ODataRequest} ourselves, which also sidesteps Olingo's servlet-path lookup, docs/olingo-5.md §8) and
 * returns the complete response, with {@code Allow} on a 405. Olingo chooses the answer's format among those
 * {@link ResponseFormats} lists, and only for an answer with content ({@link Representation}). The metadata and the
 * shared processors are made once; Olingo's handler and the per-request processor are one small object each (§8).
 */
public final class ODataService {
  private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3})?");
  private final OData odata = OData.newInstance();
  private final GraphModel model;
  private final PathSegments pathSegments;
  private final Identifiers identifiers;
  private final EnumLiterals enumLiterals;
  private final java.util.concurrent.ConcurrentMap<String, EnumLiterals> enumLiteralsByType =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final PlaceProcessor places;
  private final MetadataDocumentProcessor metadata;
  private final ServiceDocumentProcessor serviceDocument = new ServiceDocumentProcessor();
  private final ResponseFormats responseFormats = new ResponseFormats();

  /**
   * @param families the engine's store of the schema's places
   * @param defaultPageSize the page size when neither {@code $top} nor {@code odata.maxpagesize} sets one
   * @param maxPageSize the largest page served; a larger {@code $top} is capped to it
   */
  public ODataService(GraphModel model, FamilyStore families, int defaultPageSize, int maxPageSize) {
    this(model, families, new OperationHandlers(), defaultPageSize, maxPageSize);
  }

  /** @param operations what the schema's bound operations do; one without a handler is a 501 naming it */
  public ODataService(GraphModel model, FamilyStore families, OperationHandlers operations, int defaultPageSize,
                      int maxPageSize) {
    this.model = model;
    this.pathSegments = new PathSegments(model.serviceMetadata().getEdm(), !model.hasCollection());
    this.identifiers = new Identifiers(model.entity(), model.serviceMetadata().getEdm());
    this.enumLiterals = new EnumLiterals(model.enumTypeByProperty());
    PageSizes pageSizes = new PageSizes(defaultPageSize, maxPageSize);
    this.places = new PlaceProcessor(model.typeGraph(), families, pageSizes,
        families.sharedSigningKey().map(SkipTokens::new).orElseGet(SkipTokens::new), pathSegments, operations);
    this.metadata = new MetadataDocumentProcessor(model);
  }

  /**
   * The enum literals of a request to the engine's places ending at entities of {@code type} (null: none), made once
   * a type: its own enum properties' names first ({@link GraphModel#enumTypeByProperty(String)}).
   */
  private EnumLiterals enumLiteralsOf(String type) {
    // Only the schema's types are kept: a name a client writes that names none gets the schema's literals, and
    // never a place in the cache.
    return type == null || model.typeGraph().type(type).isEmpty() ? enumLiterals
        : enumLiteralsByType.computeIfAbsent(type, name -> new EnumLiterals(model.enumTypeByProperty(name),
            model.enumTypeByProperty(), this::enumLiteralsOf));
  }

  /** How many types' enum literals are kept (each a type of the schema, whatever names requests write). */
  int enumScopesKept() {
    return enumLiteralsByType.size();
  }

  /** Where the engine's filters resolve enum literals: by the type they apply to, nested ones too. */
  private final RequestQuery.Scopes scopes = new RequestQuery.Scopes() {
    @Override
    public EnumLiterals of(String type) {
      return enumLiteralsOf(type);
    }

    @Override
    public String target(String type, String navigation) {
      return model.typeGraph().type(type).flatMap(found -> found.navigation(navigation))
          .map(found -> found.target().qualifiedName()).orElse(null);
    }
  };

  /** @param tenant the tenant the request belongs to: it sees and changes that tenant's events only */
  public GraphResponse handle(GraphRequest request, String tenant) {
    HttpMethod method;
    try {
      method = HttpMethod.valueOf(request.method());
    } catch (IllegalArgumentException unknown) {
      method = null;
    }
    PathSegments.Resolved resolved;
    RequestQuery query;
    try {
      resolved = pathSegments.resolve(request.path());
      if (method == null || method == HttpMethod.MERGE) {
        return allow(ErrorResponse.of(405, "The HTTP method '" + request.method() + "' is not supported.",
            request), resolved);
      }
      query = RequestQuery.parse(request.query(), identifiers, scopes, resolved.type(), true);
      checkVersions(request);
    } catch (ClientErrorException e) {
      return ErrorResponse.of(400, e.getMessage(), request);
    }
    ODataRequest odataRequest = new ODataRequest();
    odataRequest.setMethod(method);
    copyHeaders(request, method, odataRequest);
    odataRequest.setBody(new ByteArrayInputStream(request.body()));
    // Olingo answers an empty path with a 307 to "/"; Graph serves the service document at the bare root.
    String path = resolved.path().isEmpty() ? "/" : resolved.path();
    odataRequest.setRawBaseUri(request.serviceRoot());
    odataRequest.setRawODataPath(path);
    odataRequest.setRawQueryPath(query.forOlingo());
    odataRequest.setRawRequestUri(request.serviceRoot() + path
        + (query.forOlingo() == null ? "" : "?" + query.forOlingo()));
    odataRequest.setProtocol("HTTP/1.1");

    ODataHandler handler = odata.createRawHandler(model.serviceMetadata());
    PlaceProcessor requestPlaces = places.forRequest(request, query, tenant);
    handler.register(requestPlaces);
    handler.register(requestPlaces.operations());
    handler.register(metadata);
    handler.register(serviceDocument);
    handler.register(new GraphErrorProcessor(request));
    handler.register(responseFormats);
    return allow(toGraphResponse(handler.process(odataRequest)), resolved);
  }

  /**
   * The request's headers, but Accept and Accept-Charset only where the answer has content: Olingo negotiates a
   * format for every POST, PATCH and PUT before its processor runs (ODataDispatcher), also for an answer that will
   * be a 204, and without those headers it takes JSON, so a 204 is never refused with a 406.
   */
  private void copyHeaders(GraphRequest request, HttpMethod method, ODataRequest odataRequest) {
    boolean negotiates = Representation.returned(method,
        odata.createPreferences(request.headers().get(HttpHeader.PREFER)).getReturn());
    request.headers().forEach((name, values) -> {
      boolean negotiation = name.equalsIgnoreCase(HttpHeader.ACCEPT)
          || name.equalsIgnoreCase(HttpHeader.ACCEPT_CHARSET);
      if (negotiates || !negotiation) {
        odataRequest.addHeader(name, values);
      }
    });
  }

  /**
   * {@code OData-Version} and {@code OData-MaxVersion}, when sent, must be versions (4.0, 4.01): Olingo reads them
   * as numbers and answered anything else with a 500.
   */
  private static void checkVersions(GraphRequest request) throws ClientErrorException {
    for (String header : List.of("OData-Version", "OData-MaxVersion")) {
      String value = request.header(header);
      if (value != null && !VERSION.matcher(value.trim()).matches()) {
        throw ClientErrorException.badRequest("The " + header + " header must be a version such as 4.0, not '"
            + value + "'.");
      }
    }
  }

  /** Every 405 names the methods the resource supports (RFC 9110, section 15.5.6). */
  private static GraphResponse allow(GraphResponse response, PathSegments.Resolved resolved) {
    if (response.status() != 405) {
      return response;
    }
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.put("Allow", String.join(", ", resolved.allowedMethods().stream().sorted(ODataService::methodOrder)
        .toList()));
    return new GraphResponse(405, headers, response.body());
  }

  private static int methodOrder(String a, String b) {
    List<String> order = List.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE");
    return Integer.compare(order.indexOf(a), order.indexOf(b));
  }

  private static GraphResponse toGraphResponse(ODataResponse response) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : response.getAllHeaders().entrySet()) {
      headers.put(header.getKey(), String.join(", ", header.getValue()));
    }
    byte[] body;
    try (InputStream content = response.getContent()) {
      // Our processors hand their bytes over as they are; only what Olingo serialised itself is copied out.
      body = content == null ? new byte[0]
          : content instanceof ResponseBody ours ? ours.bytes() : content.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading a response Olingo built in memory", e);
    }
    return new GraphResponse(response.getStatusCode(), headers, body);
  }
}
