package dev.graphmock.odata;

import dev.graphmock.json.EntityJsonReader;
import dev.graphmock.json.EntityJsonWriter;
import dev.graphmock.json.InvalidEntityException;
import dev.graphmock.json.NewEntities;
import dev.graphmock.json.MetadataLevel;
import dev.graphmock.model.EntityDef;
import dev.graphmock.store.DuplicateKeyException;
import dev.graphmock.store.EntityStore;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.core.edm.primitivetype.EdmString;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.processor.CountEntityCollectionProcessor;
import org.apache.olingo.server.api.processor.EntityCollectionProcessor;
import org.apache.olingo.server.api.processor.EntityProcessor;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;

/**
 * The singleton and its contained collection:
 * <pre>
 * GET    {root}/deviceManagement                          the singleton
 * GET    {root}/deviceManagement/autopilotEvents          the collection, with query options and paging
 * GET    {root}/deviceManagement/autopilotEvents/$count   the number of events matching $filter, as text
 * POST   {root}/deviceManagement/autopilotEvents          create: 201 + entity, or 204 with return=minimal
 * GET    {root}/deviceManagement/autopilotEvents('{id}')  one entity (the key-as-segment form is rewritten to this)
 * PATCH  {root}/deviceManagement/autopilotEvents('{id}')  partial update: 204, or 200 with return=representation
 * PUT    {root}/deviceManagement/autopilotEvents('{id}')  full replace, same statuses
 * DELETE {root}/deviceManagement/autopilotEvents('{id}')  204
 * </pre>
 * Bodies are read by {@link EntityJsonReader} and written by {@link EntityJsonWriter}, not by Olingo. One instance
 * holds what every request shares; {@link #forRequest} gives each request its own, which also knows the request
 * as graphmock received it and its query options, parsed once.
 */
final class EntityResourceProcessor implements EntityProcessor, EntityCollectionProcessor,
    CountEntityCollectionProcessor {
  /** graphmock has one tenant; its deviceManagement singleton has a fixed id. */
  static final String SINGLETON_ID = "00000000-0000-0000-0000-000000000001";

  private final GraphModel model;
  private final EntityStore store;
  private final EntityDef entity;
  private final EntityJsonReader reader;
  private final NewEntities newEntities;
  private final EntityJsonWriter writer;
  private final String collectionPath;
  private final CollectionReader collections;
  private final GraphRequest request;
  private final RequestQuery query;
  private final String tenant;
  private OData odata;

  EntityResourceProcessor(GraphModel model, EntityStore store, CollectionReader.PageSizes pageSizes) {
    this.model = model;
    this.store = store;
    this.entity = model.entity();
    this.reader = new EntityJsonReader(entity, model::resolveTypeName);
    this.newEntities = new NewEntities(entity);
    this.writer = new EntityJsonWriter(entity);
    this.collectionPath = model.singleton().getName() + "/" + model.collection().getName();
    this.collections = new CollectionReader(entity, store, writer, pageSizes);
    this.request = null;
    this.query = RequestQuery.NONE;
    this.tenant = null;
  }

  private EntityResourceProcessor(EntityResourceProcessor shared, GraphRequest request, RequestQuery query,
                                  String tenant) {
    this.model = shared.model;
    this.store = shared.store;
    this.entity = shared.entity;
    this.reader = shared.reader;
    this.newEntities = shared.newEntities;
    this.writer = shared.writer;
    this.collectionPath = shared.collectionPath;
    this.collections = shared.collections;
    this.request = request;
    this.query = query;
    this.tenant = tenant;
  }

  /** This processor for one request of one tenant: one small object, sharing everything else. */
  EntityResourceProcessor forRequest(GraphRequest graphRequest, RequestQuery requestQuery, String requestTenant) {
    return new EntityResourceProcessor(this, graphRequest, requestQuery, requestTenant);
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
  }

  @Override
  public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                   ContentType responseFormat) throws ODataApplicationException {
    requireJson(responseFormat);
    String context = request.getRawBaseUri() + "/$metadata#" + collectionPath;
    Integer preferred = preferences(request).getMaxPageSize();
    MetadataLevel level = level(responseFormat);
    CollectionReader.Page page = collections.read(tenant, uriInfo, query,
        preferred == null || preferred <= 0 ? null : preferred, collectionUrl(request), context, level);
    if (page.appliedMaxPageSize() != null) {
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "odata.maxpagesize=" + page.appliedMaxPageSize());
    }
    ok(response, 200, level, page.body());
  }

  @Override
  public void countEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    response.setStatusCode(200);
    response.setHeader(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.setContent(new ResponseBody(String.valueOf(collections.count(tenant, uriInfo))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Override
  public void readEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType responseFormat)
      throws ODataApplicationException {
    requireJson(responseFormat);
    Target target = target(uriInfo);
    MetadataLevel level = level(responseFormat);
    if (target.kind() == Target.Kind.SINGLETON) {
      String singleton = model.singleton().getName();
      ok(response, 200, level, EntityJsonWriter.singleton(new EntityJsonWriter.Frame(level,
          request.getRawBaseUri() + "/$metadata#" + singleton, request.getRawBaseUri() + "/" + singleton),
          model.singleton().getEntityType().getFullQualifiedName().getFullQualifiedNameAsString(), SINGLETON_ID));
      return;
    }
    String id = target.require(Target.Kind.ENTITY, request);
    Map<String, Object> values = store.find(tenant, id).orElseThrow(() -> notFound(id));
    java.util.Set<String> select = collections.select(uriInfo);
    String context = request.getRawBaseUri() + "/$metadata#" + collectionPath + CollectionReader.selectList(select)
        + "/$entity";
    ok(response, 200, level, writer.entity(new EntityJsonWriter.Frame(level, context, collectionUrl(request)),
        values, select));
  }

  @Override
  public void createEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                           ContentType requestFormat, ContentType responseFormat) throws ODataApplicationException {
    target(uriInfo).require(Target.Kind.COLLECTION, request);
    requireJsonBody(requestFormat);
    boolean representation = Representation.returned(request.getMethod(), preferences(request).getReturn());
    if (representation) {
      requireJson(responseFormat);
    }
    Map<String, Object> values;
    try {
      values = newEntities.complete(reader.read(this.request.body()));
    } catch (InvalidEntityException e) {
      throw ClientErrorException.badRequest(e.getMessage());
    }
    String newId = (String) values.get(entity.keyName());
    byte[] rendered;
    try {
      rendered = store.insert(tenant, values);
    } catch (DuplicateKeyException e) {
      throw new ClientErrorException(409, "Conflict", "An entity with id '" + newId + "' already exists.");
    }
    String location = request.getRawBaseUri() + "/" + collectionPath + "(" + EntityJsonWriter.keyLiteral(newId) + ")";
    response.setHeader(HttpHeader.LOCATION, location);
    response.setHeader("OData-EntityId", location);
    if (!representation) {
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=minimal");
      response.setStatusCode(204);
      return;
    }
    MetadataLevel level = level(responseFormat);
    ok(response, 201, level, writer.entityFromRendering(entityFrame(request, level), rendered, values));
  }

  @Override
  public void updateEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                           ContentType requestFormat, ContentType responseFormat) throws ODataApplicationException {
    String id = target(uriInfo).require(Target.Kind.ENTITY, request);
    requireJsonBody(requestFormat);
    boolean representation = Representation.returned(request.getMethod(), preferences(request).getReturn());
    if (representation) {
      // Before the write, so that an answer that cannot be given leaves the entity as it was. ResponseFormats keeps
      // Olingo from choosing a format other than JSON; this holds whatever it chose.
      requireJson(responseFormat);
    }
    Map<String, Object> values = changes(id, request.getMethod());
    if (representation) {
      // The row as this update left it, read before its commit: a read of its own could show another writer's.
      Map<String, Object> stored = store.updateAndGet(tenant, id, values).orElseThrow(() -> notFound(id));
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=representation");
      MetadataLevel level = level(responseFormat);
      ok(response, 200, level, writer.entity(entityFrame(request, level), stored));
      return;
    }
    if (!store.update(tenant, id, values)) {
      throw notFound(id);
    }
    response.setStatusCode(204);
  }

  @Override
  public void deleteEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    String id = target(uriInfo).require(Target.Kind.ENTITY, request);
    if (!store.delete(tenant, id)) {
      throw notFound(id);
    }
    response.setStatusCode(204);
  }

  /** What a PATCH sets (the properties its body names) or a PUT (all: those its body leaves out to their defaults). */
  private Map<String, Object> changes(String id, HttpMethod method) throws ClientErrorException {
    Map<String, Object> body = read(this.request.body());
    Object bodyId = body.remove(entity.keyName());
    if (bodyId != null && !bodyId.equals(id)) {
      throw ClientErrorException.badRequest("The key property '" + entity.keyName() + "' cannot be changed: the"
          + " body says '" + bodyId + "', the URL '" + id + "'.");
    }
    if (method != HttpMethod.PUT) {
      return body;
    }
    Map<String, Object> values = newEntities.defaults();
    values.remove(entity.keyName());
    values.putAll(body);
    return values;
  }

  /** What a path addresses: the singleton, its collection, or one entity by key. */
  private record Target(Kind kind, String key) {
    enum Kind { SINGLETON, COLLECTION, ENTITY }

    /** The key when this is {@code expected}; else the method does not apply here (405). */
    String require(Kind expected, ODataRequest request) throws ClientErrorException {
      if (kind != expected) {
        throw methodNotAllowed(request);
      }
      return key;
    }
  }

  /** Anything deeper than an entity (a property, a type cast) is refused: graphmock serves whole entities only. */
  private Target target(UriInfo uriInfo) throws ODataApplicationException {
    List<UriResource> parts = uriInfo.getUriResourceParts();
    if (parts.size() == 1) {
      return new Target(Target.Kind.SINGLETON, null);
    }
    if (parts.size() > 2 || !(parts.get(1) instanceof UriResourceNavigation navigation)) {
      throw ClientErrorException.badRequest("Resource not found for the segment '"
          + parts.get(Math.min(2, parts.size() - 1)).getSegmentValue() + "'.");
    }
    List<UriParameter> keys = navigation.getKeyPredicates();
    return keys.isEmpty() ? new Target(Target.Kind.COLLECTION, null)
        : new Target(Target.Kind.ENTITY, decodeKey(keys.get(0)));
  }

  /** The key a predicate such as {@code ('it''s')} names, unquoted: {@code it's}. */
  static String decodeKey(UriParameter key) throws ClientErrorException {
    try {
      return EdmString.getInstance().fromUriLiteral(key.getText());
    } catch (EdmPrimitiveTypeException e) {
      throw ClientErrorException.badRequest("The key " + key.getText() + " is not a string literal.");
    }
  }

  /** The entity a body holds, or Graph's 400 saying why not. */
  private Map<String, Object> read(byte[] body) throws ClientErrorException {
    try {
      return reader.read(body);
    } catch (InvalidEntityException e) {
      throw ClientErrorException.badRequest(e.getMessage());
    }
  }

  /** The metadata level a response format asks for ({@code odata.metadata}). */
  static MetadataLevel level(ContentType format) {
    return MetadataLevel.of(format == null ? null : format.getParameter(ContentType.PARAMETER_ODATA_METADATA));
  }

  private EntityJsonWriter.Frame entityFrame(ODataRequest request, MetadataLevel level) {
    return new EntityJsonWriter.Frame(level, request.getRawBaseUri() + "/$metadata#" + collectionPath + "/$entity",
        collectionUrl(request));
  }

  private String collectionUrl(ODataRequest request) {
    return request.getRawBaseUri() + "/" + collectionPath;
  }

  private Preferences preferences(ODataRequest request) {
    return odata.createPreferences(request.getHeaders(HttpHeader.PREFER));
  }

  private static void ok(ODataResponse response, int status, MetadataLevel level, byte[] json) {
    response.setStatusCode(status);
    response.setHeader(HttpHeader.CONTENT_TYPE, level.contentType());
    response.setContent(new ResponseBody(json));
  }

  static void requireJson(ContentType responseFormat) throws ODataApplicationException {
    if (!responseFormat.isCompatible(ContentType.APPLICATION_JSON)) {
      throw new ClientErrorException(406, "The requested format '" + responseFormat.toContentTypeString()
          + "' is not supported; graphmock answers with application/json.");
    }
  }

  static void requireJsonBody(ContentType requestFormat) throws ODataApplicationException {
    if (!requestFormat.isCompatible(ContentType.APPLICATION_JSON)) {
      throw new ClientErrorException(415, "The content type '" + requestFormat.toContentTypeString()
          + "' is not supported; send the body as application/json.");
    }
  }

  static ClientErrorException notFound(EntityDef entity, String id) {
    String type = entity.qualifiedName().substring(entity.qualifiedName().lastIndexOf('.') + 1);
    return new ClientErrorException(404, "ResourceNotFound", "No " + type + " with id '" + id + "' exists.");
  }

  private ClientErrorException notFound(String id) {
    return notFound(entity, id);
  }


  static ClientErrorException methodNotAllowed(ODataRequest request) {
    return new ClientErrorException(405, "The HTTP method '" + request.getMethod()
        + "' is not allowed for this resource.");
  }
}
