package dev.graphmock.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.json.EntityJsonWriter;
import dev.graphmock.json.InvalidEntityException;
import dev.graphmock.json.MetadataLevel;
import dev.graphmock.json.NewEntities;
import dev.graphmock.json.PropertyRendering;
import dev.graphmock.json.TimeOrderedIds;
import dev.graphmock.json.ValueReader;
import dev.graphmock.json.ValueWriter;
import dev.graphmock.model.Address;
import dev.graphmock.model.ComplexValue;
import dev.graphmock.model.DefaultValues;
import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.query.Expr;
import dev.graphmock.query.OrderKey;
import dev.graphmock.query.Query;
import dev.graphmock.query.SkipTokens;
import dev.graphmock.store.DuplicateKeyException;
import dev.graphmock.store.FamilyStore;
import dev.graphmock.store.MissingTargetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.olingo.server.api.processor.EntityProcessor;
import org.apache.olingo.server.api.processor.ComplexCollectionProcessor;
import org.apache.olingo.server.api.processor.ComplexProcessor;
import org.apache.olingo.server.api.processor.PrimitiveCollectionProcessor;
import org.apache.olingo.server.api.processor.PrimitiveProcessor;
import org.apache.olingo.server.api.processor.PrimitiveValueProcessor;
import org.apache.olingo.server.api.processor.ReferenceProcessor;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * The engine's places: every entity set, singleton and contained navigation of the schema, whatever the schema,
 * kept by {@link FamilyStore}:
 * <pre>
 * GET    …/{collection}                 a page ($filter, $orderby, $skip, $top, odata.maxpagesize, $skiptoken,
 *                                       $count: PlaceExpressions, in SQL), at any depth
 * GET    …/{collection}/{type}          the members of that type (and the types derived from it)
 * GET    …/{collection}/$count          how many there are ($filter), as text
 * POST   …/{collection}                 create: 201 + entity (or 204 with return=minimal), as its concrete type
 * GET    …/{collection}/{key}           one entity, as its concrete type (or 404)
 * PATCH  …/{collection}/{key}           the properties the body names: 204, or 200 with return=representation
 * PUT    …/{collection}/{key}           every property: those the body leaves out to their defaults
 * DELETE …/{collection}/{key}           204, and everything it contains goes with it
 * GET    …/{single}                     a singleton or single-valued contained navigation, made with its type's
 * PATCH  …/{single}                     defaults on first use, as Graph's exist from the start
 * GET    …/{key}/{property}[/{member}]  a property or a member of a complex value ($value: its text)
 * GET    …/{key}/{nav}[/$ref]           the entity a single-valued link points at (204 when none), or its reference;
 * PUT, DELETE …/{key}/{nav}/$ref        set with nav@odata.bind on POST and PATCH too
 * $select, $expand                      on every read: contained navigations and links, one read per expansion
 *                                       and level; a contained collection's nested $filter, $orderby, $skip, $top,
 *                                       $count
 * </pre>
 * Values are read by {@link ValueReader} against the concrete type (an abstract place needs {@code @odata.type}) and
 * written by {@link ValueWriter}, with {@code @odata.context} and {@code @odata.type} as ODL writes them; bound
 * operations are {@link PlaceOperations}'. Collection-valued links, writes to a property's URL and the options that
 * choose among entities inside the expansion of a single-valued navigation are the next steps: each is a 501
 * naming what is not served, never a wrong answer.
 */
final class PlaceProcessor implements EntityProcessor, CountEntityCollectionProcessor, ReferenceProcessor,
    PrimitiveProcessor, PrimitiveValueProcessor, PrimitiveCollectionProcessor, ComplexProcessor,
    ComplexCollectionProcessor {
  private static final JsonFactory JSON = new JsonFactory();
  /** An absolute URL under a version root: its path from the service root on. */
  private static final java.util.regex.Pattern ABSOLUTE = java.util.regex.Pattern.compile(
      "(?i)https?://[^/]+/(?:beta|v1\\.0|v1)(/.*)");

  private final TypeGraph graph;
  private final FamilyStore store;
  private final Addresses addresses;
  private final ValueReader reader;
  private final PageSizes pageSizes;
  private final SkipTokens skipTokens;
  /** Writes the renderings the store hands over (its names for each type made once). */
  private final PropertyRendering renderings;
  private final PathSegments pathSegments;
  private final PlaceOperations operations;
  private final byte[] body;
  private final RequestQuery query;
  private final String tenant;
  private OData odata;
  private ServiceMetadata serviceMetadata;

  PlaceProcessor(TypeGraph graph, FamilyStore store, PageSizes pageSizes, SkipTokens skipTokens,
                 PathSegments pathSegments, OperationHandlers handlers) {
    this.graph = graph;
    this.pathSegments = pathSegments;
    this.operations = new PlaceOperations(graph, store, handlers, this);
    this.store = store;
    this.addresses = new Addresses(graph);
    this.reader = new ValueReader(graph);
    this.pageSizes = pageSizes;
    this.skipTokens = skipTokens;
    this.renderings = new PropertyRendering();
    this.body = null;
    this.query = RequestQuery.NONE;
    this.tenant = null;
  }

  private PlaceProcessor(PlaceProcessor shared, byte[] body, RequestQuery query, String tenant) {
    this.graph = shared.graph;
    this.store = shared.store;
    this.addresses = shared.addresses;
    this.reader = shared.reader;
    this.pageSizes = shared.pageSizes;
    this.skipTokens = shared.skipTokens;
    this.renderings = shared.renderings;
    this.pathSegments = shared.pathSegments;
    this.body = body;
    this.query = query;
    this.tenant = tenant;
    this.operations = shared.operations.forRequest(this);
  }

  /** This processor for one request of one tenant, whose query options were parsed once ({@code query}). */
  PlaceProcessor forRequest(GraphRequest request, RequestQuery requestQuery, String requestTenant) {
    return new PlaceProcessor(this, request.body(), requestQuery, requestTenant);
  }

  /** The operations of this request, registered beside it. */
  PlaceOperations operations() {
    return operations;
  }

  String tenant() {
    return tenant;
  }

  byte[] body() {
    return body;
  }

  /**
   * What an operation is bound to, which must exist: the entity (of a keyed member or a single-valued place), or
   * null for a collection (whose parents must exist).
   */
  FamilyStore.Kept bound(Address address) throws ClientErrorException {
    if (address.single()) {
      return find(address);
    }
    checkParents(address);
    return null;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
    this.serviceMetadata = serviceMetadata;
  }

  @Override
  public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                   ContentType responseFormat) throws ODataApplicationException {
    RequestFormats.requireJson(responseFormat);
    if (addresses.of(uriInfo).tail() instanceof Address.Call) {
      operations.call(request, response, uriInfo, responseFormat);
      return;
    }
    Address address = plain(uriInfo);
    checkParents(address);
    Integer preferred = preferences(request).getMaxPageSize();
    preferred = preferred == null || preferred <= 0 ? null : preferred;
    Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
    int pageSize = pageSizes.pageSize(top, preferred);
    String parentKey = FamilyStore.parentKey(address.parentKeys());
    // A token is bound to its tenant, place, parents, cast, filter and order: a nextLink is good for its query only.
    String fingerprint = tenant + "\n" + address.place().name() + "\n" + parentKey + "\n"
        + (address.cast() == null ? "" : address.cast().qualifiedName()) + "\n" + query.fingerprint();
    PlaceExpressions expressions = expressions(address);
    Expr filter = expressions.filter(uriInfo.getFilterOption());
    List<OrderKey> order = expressions.order(uriInfo.getOrderByOption(), address.place());
    long offset = uriInfo.getSkipOption() == null ? 0 : uriInfo.getSkipOption().getValue();
    List<Object> after = null;
    if (uriInfo.getSkipTokenOption() != null) {
      after = skipTokens.decode(uriInfo.getSkipTokenOption().getValue(), fingerprint)
          .filter(position -> position.size() == order.size())
          .orElseThrow(() -> ClientErrorException.badRequest("The $skiptoken is not valid for this query: use the"
              + " @odata.nextLink of the previous page as it is."));
      offset = 0;
    }
    boolean count = uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue();
    MetadataLevel level = RequestFormats.level(responseFormat);
    Shape shape = Shape.of(uriInfo, address.place(), address.cast() != null ? address.cast() : address.place().type(),
        graph);
    FamilyStore.Page page = store.page(address.place().name(), parentKey, types(address),
        new Query(tenant, filter, order, after, pageSize + 1, offset), count, writesRendering(level, shape));
    boolean more = page.entities().size() > pageSize;
    List<FamilyStore.Kept> entities = more ? page.entities().subList(0, pageSize) : page.entities();
    String url = request.getRawBaseUri() + "/" + path(address, false);
    String next = more && pageSize > 0
        ? query.nextLink(url, skipTokens.encode(page.positions().get(pageSize - 1), fingerprint)) : null;
    List<Node> nodes = new ArrayList<>(entities.size());
    entities.forEach(entity -> nodes.add(new Node(entity, at(address, entity))));
    expand(nodes, shape);
    String base = request.getRawBaseUri();
    String context = base + "/$metadata#" + path(address, false) + shape.contextList();
    byte[] json = write(out -> {
      out.writeStartObject();
      if (level != MetadataLevel.NONE) {
        out.writeStringField("@odata.context", context);
      }
      if (count) {
        out.writeNumberField("@odata.count", page.count());
      }
      out.writeArrayFieldStart("value");
      for (Node node : nodes) {
        out.writeStartObject();
        write(out, node, level, shape, base);
        out.writeEndObject();
      }
      out.writeEndArray();
      if (next != null) {
        out.writeStringField("@odata.nextLink", next);
      }
      out.writeEndObject();
    });
    if (preferred != null && (top == null || preferred < top)) {
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "odata.maxpagesize=" + pageSize);
    }
    ok(response, 200, level, json);
  }

  @Override
  public void countEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    Address address = addresses.of(uriInfo);
    checkParents(address);
    Expr filter = expressions(address).filter(uriInfo.getFilterOption());
    long count = store.page(address.place().name(), FamilyStore.parentKey(address.parentKeys()), types(address),
        new Query(tenant, filter, List.of(new OrderKey(FamilyStore.keyOf(address.place().type()), false)), null, 0,
            0), true).count();
    response.setStatusCode(200);
    response.setHeader(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.setContent(new ResponseBody(String.valueOf(count).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Override
  public void readEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType responseFormat)
      throws ODataApplicationException {
    RequestFormats.requireJson(responseFormat);
    Address address = addresses.of(uriInfo);
    refuseQueryOptions(uriInfo, address);
    MetadataLevel level = RequestFormats.level(responseFormat);
    if (address.tail() instanceof Address.Call) {
      operations.call(request, response, uriInfo, responseFormat);
      return;
    }
    if (address.tail() instanceof Address.Link link && !link.ref()) {
      Address target = linked(address, link);
      if (target == null) {
        response.setStatusCode(204);
        return;
      }
      ok(response, 200, level, entity(request, target, find(target), level, Shape.of(uriInfo, target.place(),
          target.place().type(), graph)));
      return;
    }
    address = plain(uriInfo);
    // written as it was rendered where the shape allows (no $select: every property)
    FamilyStore.Kept entity = find(address, level == MetadataLevel.MINIMAL && uriInfo.getSelectOption() == null);
    ok(response, 200, level, entity(request, address, entity, level, Shape.of(uriInfo, address.place(),
        address.cast() != null ? address.cast() : entity.type(), graph)));
  }

  @Override
  public void createEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                           ContentType responseFormat) throws ODataApplicationException {
    Address address = plain(uriInfo);
    if (!address.place().isCollection() || address.key() != null) {
      throw RequestFormats.methodNotAllowed(request);
    }
    RequestFormats.requireJsonBody(requestFormat);
    boolean representation = Representation.returned(request.getMethod(), preferences(request).getReturn());
    if (representation) {
      RequestFormats.requireJson(responseFormat);
    }
    StructuredType declared = address.cast() != null ? address.cast() : address.place().type();
    Map<String, String> binds = new LinkedHashMap<>();
    ComplexValue given = readEntity(declared, binds);
    Map<String, String> links = links(request, address.place(), binds);
    checkParents(address);
    StructuredType type = given.type();
    Map<String, Object> values = DefaultValues.of(type);
    given.values().forEach((name, value) -> values.put(name, DefaultValues.complete(type.property(name)
        .orElseThrow().type(), value)));
    String keyName = type.keyName();
    Object key = values.get(keyName);
    if (key == null || key instanceof String text && text.isEmpty()) {
      values.put(keyName, TimeOrderedIds.next());
    }
    String id = (String) values.get(keyName);
    checkKey(keyName, id);
    FamilyStore.Kept kept;
    try {
      kept = store.insert(tenant, address.place().name(), FamilyStore.parentKey(address.parentKeys()), type, values,
          links);
    } catch (DuplicateKeyException e) {
      throw new ClientErrorException(409, "Conflict", "An entity with id '" + id + "' already exists.");
    } catch (MissingTargetException e) {
      // A link's target, or the parent a concurrent delete took since checkParents looked.
      throw missingTarget(e);
    }
    Address created = new Address(address.place(), address.parentKeys(), id, null, null);
    String location = request.getRawBaseUri() + "/" + path(created, true);
    response.setHeader(HttpHeader.LOCATION, location);
    response.setHeader("OData-EntityId", location);
    if (!representation) {
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=minimal");
      response.setStatusCode(204);
      return;
    }
    MetadataLevel level = RequestFormats.level(responseFormat);
    // as a read will write it: from the rendering it was kept with, where there is one
    ok(response, 201, level, entity(request, created, kept, level));
  }

  @Override
  public void updateEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                           ContentType responseFormat) throws ODataApplicationException {
    Address address = plain(uriInfo);
    if (!address.single()) {
      throw RequestFormats.methodNotAllowed(request);
    }
    RequestFormats.requireJsonBody(requestFormat);
    boolean representation = Representation.returned(request.getMethod(), preferences(request).getReturn());
    if (representation) {
      RequestFormats.requireJson(responseFormat);
    }
    boolean replace = request.getMethod() == HttpMethod.PUT;
    String parentKey = FamilyStore.parentKey(address.parentKeys());
    String key = address.key() != null ? address.key() : find(address).key();
    FamilyStore.Kept updated;
    try {
      updated = update(request, address, parentKey, key, replace);
    } catch (MissingTargetException e) {
      throw missingTarget(e);
    }
    if (!representation) {
      response.setStatusCode(204);
      return;
    }
    response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=representation");
    MetadataLevel level = RequestFormats.level(responseFormat);
    ok(response, 200, level, entity(request, address, updated, level));
  }

  private FamilyStore.Kept update(ODataRequest request, Address address, String parentKey, String key,
                                  boolean replace) throws ClientErrorException {
    return store.update(tenant, address.place().name(), parentKey, key, concrete -> {
      if (address.cast() != null && !concrete.isA(address.cast())) {
        throw notFound(address);
      }
      Map<String, String> binds = new LinkedHashMap<>();
      ComplexValue given = readEntity(concrete, binds);
      if (given.type() != concrete) {
        throw ClientErrorException.badRequest("The type of an entity cannot be changed: it is "
            + concrete.qualifiedName() + ", the body says " + given.type().qualifiedName() + ".");
      }
      Object bodyKey = given.values().get(concrete.keyName());
      if (bodyKey != null && !bodyKey.equals(key)) {
        throw ClientErrorException.badRequest("The key property '" + concrete.keyName() + "' cannot be changed:"
            + " the body says '" + bodyKey + "', the URL '" + key + "'.");
      }
      Map<String, Object> changes = new LinkedHashMap<>();
      if (replace) {
        changes.putAll(DefaultValues.of(concrete));
      }
      given.values().forEach((name, value) -> changes.put(name, DefaultValues.complete(concrete.property(name)
          .orElseThrow().type(), value)));
      changes.remove(concrete.keyName());
      return new FamilyStore.Changes(changes, links(request, address.place(), binds));
    }).orElseThrow(() -> notFound(address));
  }

  @Override
  public void deleteEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    Address address = plain(uriInfo);
    if (address.key() == null) {
      throw RequestFormats.methodNotAllowed(request);
    }
    if (address.cast() != null) {
      find(address);
    }
    if (!store.delete(tenant, address.place().name(), FamilyStore.parentKey(address.parentKeys()), address.key())) {
      throw notFound(address);
    }
    response.setStatusCode(204);
  }

  @Override
  public void readPrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    property(request, response, uriInfo, format, false);
  }

  @Override
  public void readPrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    property(request, response, uriInfo, format, true);
  }

  @Override
  public void readPrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                      ContentType format) throws ODataApplicationException {
    property(request, response, uriInfo, format, false);
  }

  @Override
  public void readComplex(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    property(request, response, uriInfo, format, false);
  }

  @Override
  public void readComplexCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                    ContentType format) throws ODataApplicationException {
    property(request, response, uriInfo, format, false);
  }

  /**
   * A property of an entity, or a member of a complex value at any depth: {@code {"@odata.context": …, "value": …}}
   * (a complex value is the object itself, after its context), its raw text for {@code $value}, 204 for null. A
   * function the path ends with is called instead.
   */
  private void property(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format,
                        boolean raw) throws ODataApplicationException {
    Address address = addresses.of(uriInfo);
    if (address.tail() instanceof Address.Call) {
      operations.call(request, response, uriInfo, format);
      return;
    }
    refuseQueryOptions(uriInfo, address);
    Address.PropertyPath path = (Address.PropertyPath) address.tail();
    FamilyStore.Kept entity = find(new Address(address.place(), address.parentKeys(), address.key(),
        address.cast(), null));
    Object value = entity.values();
    for (Property step : path.steps()) {
      value = value instanceof Map<?, ?> values ? values.get(step.name())
          : value instanceof ComplexValue complex ? complex.values().get(step.name()) : null;
    }
    if (value == null) {
      response.setStatusCode(204);
      return;
    }
    Property last = path.steps().get(path.steps().size() - 1);
    Object found = value;
    if (raw) {
      byte[] json = write(out -> ValueWriter.write(out, last.type(), found, false));
      String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
      if (text.startsWith("\"")) {
        try (JsonParser parser = JSON.createParser(json)) {
          parser.nextToken();
          text = parser.getText();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      response.setStatusCode(200);
      response.setHeader(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
      response.setContent(new ResponseBody(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return;
    }
    RequestFormats.requireJson(format);
    MetadataLevel level = RequestFormats.level(format);
    StringBuilder context = new StringBuilder(request.getRawBaseUri()).append("/$metadata#")
        .append(path(new Address(address.place(), address.parentKeys(), entity.key(), address.cast(), null),
            address.place().isCollection()));
    for (Property step : path.steps()) {
      context.append('/').append(step.name());
    }
    ok(response, 200, level, write(out -> {
      if (last.type() instanceof dev.graphmock.model.ValueType.Complex declared) {
        ComplexValue complex = (ComplexValue) found;
        out.writeStartObject();
        if (level != MetadataLevel.NONE) {
          out.writeStringField("@odata.context", context.toString());
          if (level == MetadataLevel.FULL || complex.type() != declared.type()) {
            out.writeStringField("@odata.type", "#" + complex.type().qualifiedName());
          }
        }
        for (Map.Entry<String, Object> member : complex.values().entrySet()) {
          out.writeFieldName(member.getKey());
          ValueWriter.write(out, complex.type().property(member.getKey()).orElseThrow().type(), member.getValue(),
              level == MetadataLevel.FULL);
        }
        out.writeEndObject();
        return;
      }
      out.writeStartObject();
      if (level != MetadataLevel.NONE) {
        out.writeStringField("@odata.context", context.toString());
      }
      out.writeFieldName("value");
      ValueWriter.write(out, last.type(), found, level == MetadataLevel.FULL);
      out.writeEndObject();
    }));
  }

  @Override
  public void updatePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                              ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void deletePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void updatePrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                   ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void deletePrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void updatePrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                        ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void deletePrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void updateComplex(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                            ContentType requestFormat, ContentType responseFormat) throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void deleteComplex(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void updateComplexCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                      ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  @Override
  public void deleteComplexCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw RequestFormats.methodNotAllowed(request);
  }

  /** A property is changed through its entity (PATCH), not at its own URL, which is not served yet. */
  @Override
  public void readReference(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    RequestFormats.requireJson(format);
    Address address = addresses.of(uriInfo);
    Address.Link link = singleLink(address);
    Address target = linked(address, link);
    if (target == null) {
      response.setStatusCode(204);
      return;
    }
    String base = request.getRawBaseUri();
    ok(response, 200, MetadataLevel.MINIMAL, write(out -> {
      out.writeStartObject();
      out.writeStringField("@odata.context", base + "/$metadata#$ref");
      out.writeStringField("@odata.id", base + "/" + path(target, true));
      out.writeEndObject();
    }));
  }

  @Override
  public void createReference(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    Address address = addresses.of(uriInfo);
    throw NotServedYet.of(describe(address.tail()) + " of " + address.place().name());
  }

  /** {@code PUT …/{navigation}/$ref} with {@code {"@odata.id": URL}}: the link points at that entity. */
  @Override
  public void updateReference(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    RequestFormats.requireJsonBody(format);
    Address address = addresses.of(uriInfo);
    Address.Link link = singleLink(address);
    String url;
    try (JsonParser parser = dev.graphmock.json.EntityJsonReader.parser(body)) {
      url = null;
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (name.equals("@odata.id") && parser.currentToken() == JsonToken.VALUE_STRING) {
            url = parser.getText();
          } else {
            parser.skipChildren();
          }
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ClientErrorException.badRequest(dev.graphmock.json.EntityJsonReader.describe(e));
    } catch (IOException e) {
      throw ClientErrorException.badRequest("The request body could not be read.");
    }
    if (url == null) {
      throw ClientErrorException.badRequest("The body must be {\"@odata.id\": \"URL of the entity\"}.");
    }
    String targetKeys = target(request, address.place(), link.navigation().name(), url, "@odata.id");
    relink(address, link, targetKeys);
    response.setStatusCode(204);
  }

  /** {@code DELETE …/{navigation}/$ref}: the link points nowhere. */
  @Override
  public void deleteReference(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    Address address = addresses.of(uriInfo);
    relink(address, singleLink(address), null);
    response.setStatusCode(204);
  }

  private void relink(Address address, Address.Link link, String targetKeys) throws ClientErrorException {
    Address source = new Address(address.place(), address.parentKeys(), address.key(), address.cast(), null);
    String key = source.key() != null ? source.key() : find(source).key();
    boolean found;
    try {
      found = store.link(tenant, address.place().name(), FamilyStore.parentKey(address.parentKeys()), key,
          link.navigation().name(), targetKeys);
    } catch (MissingTargetException e) {
      throw missingTarget(e);
    }
    if (!found) {
      throw notFound(source);
    }
  }

  /** The single-valued link a {@code $ref} path names; a collection-valued one is not served yet. */
  private static Address.Link singleLink(Address address) throws ClientErrorException {
    if (address.tail() instanceof Address.Link link && !link.navigation().collection()) {
      return link;
    }
    throw NotServedYet.of(describe(address.tail()) + " of " + address.place().name());
  }

  /**
   * The address of the entity a single-valued link of the addressed entity points at (404 when that entity is not
   * there), or null when the link points nowhere: OData's 204 No Content (Part 1, 11.2.6).
   */
  private Address linked(Address address, Address.Link link) throws ClientErrorException {
    if (link.navigation().collection()) {
      throw NotServedYet.of(describe(link) + " of " + address.place().name());
    }
    Address source = new Address(address.place(), address.parentKeys(), address.key(), address.cast(), null);
    String targetKeys = find(source).links().get(link.navigation().name());
    if (targetKeys == null) {
      return null;
    }
    List<String> keys = FamilyStore.keys(targetKeys);
    return new Address(link.target(), keys.subList(0, keys.size() - 1), keys.get(keys.size() - 1), null, null);
  }

  /** The links the {@code @odata.bind}s of a body set, by navigation: each URL checked to name an entity there. */
  private Map<String, String> links(ODataRequest request, EntitySetPath place, Map<String, String> binds)
      throws ClientErrorException {
    Map<String, String> links = new LinkedHashMap<>();
    for (Map.Entry<String, String> bind : binds.entrySet()) {
      links.put(bind.getKey(), target(request, place, bind.getKey(), bind.getValue(), bind.getKey() + "@odata.bind"));
    }
    return links;
  }

  /**
   * The keys of the entity {@code url} names, which must be one entity where {@code place}'s {@code navigation} finds
   * its targets: an absolute URL of any host under a version root (as Graph's SDKs write them, naming
   * graph.microsoft.com), or a path relative to the service root; either key form.
   */
  private String target(ODataRequest request, EntitySetPath place, String navigation, String url, String where)
      throws ClientErrorException {
    EntitySetPath expected = place.target(navigation).orElseThrow(() -> ClientErrorException.badRequest(
        "The navigation property '" + navigation + "' points at no entity set graphmock serves."));
    String path = url;
    java.util.regex.Matcher absolute = ABSOLUTE.matcher(url);
    if (absolute.matches()) {
      path = absolute.group(1);
    }
    path = path.startsWith("/") ? path : "/" + path;
    Address address;
    try {
      String resolved = pathSegments.resolve(path).path();
      UriInfo uriInfo = new org.apache.olingo.server.core.uri.parser.Parser(serviceMetadata.getEdm(), odata)
          .parseUri(resolved.substring(1), null, null, request.getRawBaseUri());
      address = addresses.of(uriInfo);
    } catch (ClientErrorException | org.apache.olingo.server.core.uri.parser.UriParserException
             | org.apache.olingo.server.core.uri.validator.UriValidationException | RuntimeException e) {
      throw ClientErrorException.badRequest("The URL in '" + where + "' names no entity graphmock serves: '" + url
          + "'.");
    }
    if (address.tail() != null || address.key() == null || address.place() != expected) {
      throw ClientErrorException.badRequest("The URL in '" + where + "' must name one entity of " + expected.name()
          + ", not '" + url + "'.");
    }
    if (address.cast() != null) {
      // A cast in the URL says the type the entity must have: one of another type is not the one meant.
      find(address);
    }
    List<String> keys = new ArrayList<>(address.parentKeys());
    keys.add(address.key());
    return FamilyStore.parentKey(keys);
  }

  private static ClientErrorException missingTarget(MissingTargetException e) {
    List<String> keys = FamilyStore.keys(e.targetKeys());
    return new ClientErrorException(404, "ResourceNotFound", "No entity with id '" + keys.get(keys.size() - 1)
        + "' exists at " + e.place() + ".");
  }

  /** The address of an entity, a collection or a single-valued place itself; anything beyond them is not served. */
  private Address plain(UriInfo uriInfo) throws ODataApplicationException {
    Address address = addresses.of(uriInfo);
    if (address.tail() != null) {
      throw NotServedYet.of(describe(address.tail()) + " of " + address.place().name());
    }
    return address;
  }

  private static String describe(Address.Tail tail) {
    if (tail instanceof Address.Link link) {
      return "the navigation '" + link.navigation().name() + "'";
    }
    if (tail instanceof Address.Call call) {
      return "the operation '" + call.operation().qualifiedName() + "'";
    }
    if (tail instanceof Address.PropertyPath path) {
      return "the property '" + path.steps().get(0).name() + "'";
    }
    return "$count";
  }

  /** The filters and orders of a read of {@code address}'s entities: of its cast's type, else its place's. */
  private PlaceExpressions expressions(Address address) {
    return new PlaceExpressions(graph, address.cast() != null ? address.cast() : address.place().type());
  }

  /** Only entities of the cast's types when the address has a cast (qualified names); else null, for all. */
  private static List<String> types(Address address) {
    return address.cast() == null ? null
        : address.cast().family().stream().map(StructuredType::qualifiedName).toList();
  }

  /**
   * The options of a collection read are not served on an entity; they are refused by name, before any read.
   */
  private static void refuseQueryOptions(UriInfo uriInfo, Address address) throws ClientErrorException {
    NotServedYet.refuse("on " + address.place().name(), "$filter", uriInfo.getFilterOption(), "$orderby",
        uriInfo.getOrderByOption(), "$skip", uriInfo.getSkipOption(), "$search", uriInfo.getSearchOption());
  }

  /** The entity an address names, which must be there (a single-valued place always is: made on first use). */
  private FamilyStore.Kept find(Address address) throws ClientErrorException {
    return find(address, false);
  }

  /** The entity at {@code address}; with {@code rendered}, as {@link FamilyStore#get} hands it over so. */
  private FamilyStore.Kept find(Address address, boolean rendered) throws ClientErrorException {
    String parentKey = FamilyStore.parentKey(address.parentKeys());
    if (!address.place().isCollection()) {
      // A place under an entity that is not there is not there either.
      checkParents(address);
      return store.single(tenant, address.place().name(), parentKey, () -> newSingle(address.place(), parentKey));
    }
    FamilyStore.Kept entity = store.get(tenant, address.place().name(), parentKey, address.key(), rendered)
        .orElseThrow(() -> notFound(address));
    if (address.cast() != null && !entity.type().isA(address.cast())) {
      throw notFound(address);
    }
    return entity;
  }

  /**
   * Each entity the address passes through must exist: a collection under an entity that is not there is not there
   * either (Graph's 404), and nothing is created under it.
   */
  private void checkParents(Address address) throws ClientErrorException {
    List<EntitySetPath> keyed = new ArrayList<>();
    for (EntitySetPath at = address.place().parent().orElse(null); at != null; at = at.parent().orElse(null)) {
      if (at.isCollection()) {
        keyed.add(0, at);
      }
    }
    for (int i = 0; i < keyed.size(); i++) {
      String parentKey = FamilyStore.parentKey(address.parentKeys().subList(0, i));
      String key = address.parentKeys().get(i);
      if (store.get(tenant, keyed.get(i).name(), parentKey, key).isEmpty()) {
        throw new ClientErrorException(404, "ResourceNotFound", "No " + keyed.get(i).type().name() + " with id '"
            + key + "' exists.");
      }
    }
  }

  /** The entity of the body, in the words and within the limits a body of the bundled collection is read. */
  private ComplexValue readEntity(StructuredType declared, Map<String, String> binds) throws ClientErrorException {
    if (body.length == 0) {
      throw ClientErrorException.badRequest("The request body is empty; send the entity as a JSON object.");
    }
    try (JsonParser parser = dev.graphmock.json.EntityJsonReader.parser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw ClientErrorException.badRequest("The request body must be a JSON object.");
      }
      ComplexValue value = reader.entity(parser, declared, binds);
      if (parser.nextToken() != null) {
        throw ClientErrorException.badRequest("The request body must hold exactly one JSON object.");
      }
      return value;
    } catch (InvalidEntityException e) {
      throw ClientErrorException.badRequest(e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ClientErrorException.badRequest(dev.graphmock.json.EntityJsonReader.describe(e));
    } catch (IOException e) {
      throw ClientErrorException.badRequest("The request body could not be read.");
    }
  }

  private static void checkKey(String keyName, String key) throws ClientErrorException {
    try {
      NewEntities.checkKey(keyName, key);
    } catch (InvalidEntityException e) {
      throw ClientErrorException.badRequest(e.getMessage());
    }
  }

  private byte[] entity(ODataRequest request, Address address, FamilyStore.Kept entity, MetadataLevel level) {
    return entity(request, address, entity, level, Shape.ALL);
  }

  private byte[] entity(ODataRequest request, Address address, FamilyStore.Kept entity, MetadataLevel level,
                        Shape shape) {
    String base = request.getRawBaseUri();
    String context = base + "/$metadata#" + path(address, false) + shape.contextList()
        + (address.place().isCollection() ? "/$entity" : "");
    Node node = new Node(entity, at(address, entity));
    expand(List.of(node), shape);
    return write(out -> {
      out.writeStartObject();
      if (level != MetadataLevel.NONE) {
        out.writeStringField("@odata.context", context);
      }
      write(out, node, level, shape, base);
      out.writeEndObject();
    });
  }

  /** The address of {@code entity}, one of those {@code address} names (its place and parents, its own key). */
  private static Address at(Address address, FamilyStore.Kept entity) {
    return new Address(address.place(), address.parentKeys(), address.place().isCollection() ? entity.key() : null,
        null, null);
  }

  /** The parent keys of what the entity at {@code at} contains. */
  private static List<String> childKeys(Address at) {
    List<String> keys = new ArrayList<>(at.parentKeys());
    if (at.key() != null) {
      keys.add(at.key());
    }
    return keys;
  }

  /**
   * An entity to write, with its address, and what each expansion found for it, by navigation name: a
   * {@link Children} for a contained collection, else a node or null.
   */
  private record Node(FamilyStore.Kept entity, Address at, Map<String, Object> expanded) {
    Node(FamilyStore.Kept entity, Address at) {
      this(entity, at, new LinkedHashMap<>());
    }
  }

  /** The entities of a contained collection an expansion writes, and how many match in all (-1: not asked). */
  private record Children(List<Node> nodes, long count) {
  }

  /**
   * Fills each node's expansions of {@code shape} (all nodes at one place), then theirs, level by level: one read
   * per expansion and level for the whole page ({@link FamilyStore#under}, {@link FamilyStore#named}), never one
   * per entity.
   */
  private void expand(List<Node> nodes, Shape shape) {
    for (Shape.Expansion expansion : shape.expansions()) {
      String navigation = expansion.navigation().name();
      String place = expansion.place().name();
      List<Node> found = new ArrayList<>();
      if (expansion.contained()) {
        List<String> parentKeys = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
          parentKeys.add(FamilyStore.parentKey(childKeys(node.at())));
        }
        Shape.Options options = expansion.options();
        Map<String, FamilyStore.Page> pages = store.under(tenant, place, parentKeys, options.filter(),
            options.order(), options.skip(), options.top(), options.count());
        for (int n = 0; n < nodes.size(); n++) {
          Node node = nodes.get(n);
          String parentKey = parentKeys.get(n);
          List<FamilyStore.Kept> children = pages.get(parentKey).entities();
          Object value;
          if (expansion.place().isCollection()) {
            List<Node> childNodes = new ArrayList<>(children.size());
            for (FamilyStore.Kept child : children) {
              childNodes.add(new Node(child, new Address(expansion.place(), childKeys(node.at()), child.key(), null,
                  null)));
            }
            found.addAll(childNodes);
            value = new Children(childNodes, pages.get(parentKey).count());
          } else {
            // A single-valued place exists from the first read, as a GET of it would make it.
            FamilyStore.Kept single = children.isEmpty() ? store.single(tenant, place, parentKey,
                () -> newSingle(expansion.place(), parentKey)) : children.get(0);
            Node child = new Node(single, new Address(expansion.place(), childKeys(node.at()), null, null, null));
            found.add(child);
            value = child;
          }
          node.expanded().put(navigation, value);
        }
      } else {
        List<String> targets = nodes.stream().map(node -> node.entity().links().get(navigation))
            .filter(java.util.Objects::nonNull).toList();
        Map<String, FamilyStore.Kept> named = targets.isEmpty() ? Map.of() : store.named(tenant, place, targets);
        for (Node node : nodes) {
          String target = node.entity().links().get(navigation);
          FamilyStore.Kept kept = target == null ? null : named.get(target);
          Node child = kept == null ? null : new Node(kept, linkedAddress(expansion.place(), target));
          if (child != null) {
            found.add(child);
          }
          node.expanded().put(navigation, child);
        }
      }
      if (!found.isEmpty() && !expansion.nested().expansions().isEmpty()) {
        expand(found, expansion.nested());
      }
    }
  }

  /**
   * A single-valued place's entity as it is first made: its type's defaults, and an id of its own derived from its
   * tenant, place and parents, so that two servers sharing a PostgreSQL database that make it at once make the
   * same row, and one of them finds the other's ({@link FamilyStore#single}).
   */
  private Map<String, Object> newSingle(EntitySetPath place, String parentKey) {
    Map<String, Object> values = DefaultValues.of(place.type());
    values.put(place.type().keyName(), java.util.UUID.nameUUIDFromBytes((tenant + "\n" + place.name() + "\n"
        + parentKey).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    return values;
  }

  /**
   * One entity's members: its type, under full metadata its id, the properties {@code shape} selects (the key
   * always), then each expansion, as ODL writes them ({@code nav@odata.context} and, when asked,
   * {@code nav@odata.count} before a contained collection, {@code null} for a link that points nowhere).
   */
  /**
   * Whether entities written at {@code level} in {@code shape} are written as the store's renderings hold them
   * ({@link PropertyRendering}): every property without annotations, after the entity's
   * {@code @odata.type}.
   */
  private static boolean writesRendering(MetadataLevel level, Shape shape) {
    return level == MetadataLevel.MINIMAL && shape.select() == null;
  }

  private void write(JsonGenerator out, Node node, MetadataLevel level, Shape shape, String base)
      throws IOException {
    FamilyStore.Kept entity = node.entity();
    if (level != MetadataLevel.NONE) {
      out.writeStringField("@odata.type", "#" + entity.type().qualifiedName());
    }
    if (level == MetadataLevel.FULL) {
      String id = base + "/" + path(node.at(), true);
      out.writeStringField("@odata.id", id);
      out.writeStringField("@odata.editLink", id);
    }
    boolean rendered = entity.rendered() != null && writesRendering(level, shape);
    if (rendered) {
      // its properties as they were rendered when written, after the @odata.type above
      out.writeRaw(renderings.raw(entity.type(), entity.rendered()));
    }
    for (Property property : rendered ? List.<Property>of() : entity.type().properties()) {
      if (!shape.selects(entity.type(), property.name())) {
        continue;
      }
      String annotation = level == MetadataLevel.FULL
          ? ValueWriter.annotation(property.type(), entity.values().get(property.name())) : null;
      if (annotation != null) {
        out.writeStringField(property.name() + "@odata.type", annotation);
      }
      out.writeFieldName(property.name());
      ValueWriter.write(out, property.type(), entity.values().get(property.name()), level == MetadataLevel.FULL);
    }
    for (Shape.Expansion expansion : shape.expansions()) {
      String navigation = expansion.navigation().name();
      if (!entity.type().navigation(navigation).isPresent()) {
        continue;
      }
      Object value = node.expanded().get(navigation);
      Shape nested = expansion.nested();
      if (value instanceof Children children) {
        if (level != MetadataLevel.NONE) {
          out.writeStringField(navigation + "@odata.context", base + "/$metadata#" + path(node.at(), true) + "/"
              + navigation + nested.contextList());
        }
        if (children.count() >= 0) {
          out.writeNumberField(navigation + "@odata.count", children.count());
        }
        out.writeArrayFieldStart(navigation);
        for (Node child : children.nodes()) {
          out.writeStartObject();
          write(out, child, level, nested, base);
          out.writeEndObject();
        }
        out.writeEndArray();
      } else if (value == null) {
        out.writeNullField(navigation);
      } else {
        out.writeFieldName(navigation);
        out.writeStartObject();
        write(out, (Node) value, level, nested, base);
        out.writeEndObject();
      }
    }
  }

  private static Address linkedAddress(EntitySetPath place, String targetKeys) {
    List<String> keys = FamilyStore.keys(targetKeys);
    return new Address(place, keys.subList(0, keys.size() - 1), keys.get(keys.size() - 1), null, null);
  }

  /** An entity that is no place's (an operation's result): its type and every property. */
  static void properties(JsonGenerator out, FamilyStore.Kept entity, MetadataLevel level)
      throws IOException {
    if (level != MetadataLevel.NONE) {
      out.writeStringField("@odata.type", "#" + entity.type().qualifiedName());
    }
    for (Property property : entity.type().properties()) {
      out.writeFieldName(property.name());
      ValueWriter.write(out, property.type(), entity.values().get(property.name()), level == MetadataLevel.FULL);
    }
  }

  /**
   * The address as a URL path from the service root: each key after its collection, in parentheses as ODL writes
   * them in context URLs and Location headers; the cast, if any; and, with {@code key}, the entity's own key.
   */
  private static String path(Address address, boolean key) {
    List<EntitySetPath> chain = new ArrayList<>();
    for (EntitySetPath at = address.place(); at != null; at = at.parent().orElse(null)) {
      chain.add(0, at);
    }
    StringBuilder path = new StringBuilder();
    int parent = 0;
    for (EntitySetPath at : chain) {
      path.append(path.length() == 0 ? "" : "/").append(at.segment());
      if (at != address.place() && at.isCollection()) {
        path.append('(').append(EntityJsonWriter.keyLiteral(address.parentKeys().get(parent++))).append(')');
      }
    }
    if (address.cast() != null) {
      path.append('/').append(address.cast().qualifiedName());
    }
    if (key && address.key() != null) {
      path.append('(').append(EntityJsonWriter.keyLiteral(address.key())).append(')');
    }
    return path.toString();
  }

  private static ClientErrorException notFound(Address address) {
    return new ClientErrorException(404, "ResourceNotFound", "No " + address.place().type().name() + " with id '"
        + address.key() + "' exists.");
  }

  private Preferences preferences(ODataRequest request) {
    return odata.createPreferences(request.getHeaders(HttpHeader.PREFER));
  }

  private static void ok(ODataResponse response, int status, MetadataLevel level, byte[] json) {
    response.setStatusCode(status);
    response.setHeader(HttpHeader.CONTENT_TYPE, level.contentType());
    response.setContent(new ResponseBody(json));
  }

  private static byte[] write(JsonBytes.Work work) {
    return JsonBytes.write(work);
  }
}
