package dev.graphmock.odata;

import dev.graphmock.json.EntityJsonWriter;
import dev.graphmock.json.MetadataLevel;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.store.EntityStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.PrimitiveProcessor;
import org.apache.olingo.server.api.processor.PrimitiveValueProcessor;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;

/**
 * One property of one event, read-only:
 * <pre>
 * GET {root}/deviceManagement/autopilotEvents/{id}/deviceId          {"@odata.context":"…/deviceId","value":"d1"}
 * GET {root}/deviceManagement/autopilotEvents/{id}/deviceId/$value   d1   (text/plain)
 * </pre>
 * A null value is 204. Changing a single property this way is 405: PATCH the entity instead.
 */
final class PropertyProcessor implements PrimitiveProcessor, PrimitiveValueProcessor {
  private final EntityDef entity;
  private final EntityStore store;
  private final EntityJsonWriter writer;
  private final String collectionPath;
  private final String tenant;

  PropertyProcessor(GraphModel model, EntityStore store) {
    this.entity = model.entity();
    this.store = store;
    this.writer = new EntityJsonWriter(entity);
    this.collectionPath = model.singleton().getName() + "/" + model.collection().getName();
    this.tenant = null;
  }

  private PropertyProcessor(PropertyProcessor shared, String tenant) {
    this.entity = shared.entity;
    this.store = shared.store;
    this.writer = shared.writer;
    this.collectionPath = shared.collectionPath;
    this.tenant = tenant;
  }

  /** This processor for one request of {@code requestTenant}. */
  PropertyProcessor forRequest(String requestTenant) {
    return new PropertyProcessor(this, requestTenant);
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // Stateless.
  }

  @Override
  public void readPrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    Read read = read(uriInfo);
    String context = request.getRawBaseUri() + "/$metadata#" + collectionPath + "(" + EntityJsonWriter.keyLiteral(read.id())
        + ")/" + read.property().name();
    MetadataLevel level = EntityResourceProcessor.level(format);
    answer(response, read, level.contentType(), () -> writer.property(new EntityJsonWriter.Frame(level, context,
        request.getRawBaseUri() + "/" + collectionPath), read.property(), read.value()));
  }

  @Override
  public void readPrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    Read read = read(uriInfo);
    answer(response, read, "text/plain;charset=utf-8",
        () -> EntityJsonWriter.text(read.property(), read.value()).getBytes(StandardCharsets.UTF_8));
  }

  /** 204 for a null value, as OData answers; else 200 with {@code body}. */
  private static void answer(ODataResponse response, Read read, String contentType,
                             java.util.function.Supplier<byte[]> body) {
    if (read.value() == null) {
      response.setStatusCode(204);
      return;
    }
    response.setStatusCode(200);
    response.setHeader(HttpHeader.CONTENT_TYPE, contentType);
    response.setContent(new ResponseBody(body.get()));
  }

  @Override
  public void updatePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                              ContentType responseFormat) throws ODataApplicationException {
    throw EntityResourceProcessor.methodNotAllowed(request);
  }

  @Override
  public void deletePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw EntityResourceProcessor.methodNotAllowed(request);
  }

  @Override
  public void updatePrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                   ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    throw EntityResourceProcessor.methodNotAllowed(request);
  }

  @Override
  public void deletePrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw EntityResourceProcessor.methodNotAllowed(request);
  }

  private record Read(String id, PropertyDef property, Object value) {
  }

  private Read read(UriInfo uriInfo) throws ODataApplicationException {
    List<UriResource> parts = uriInfo.getUriResourceParts();
    if (parts.size() < 3 || !(parts.get(1) instanceof UriResourceNavigation navigation)
        || navigation.getKeyPredicates().isEmpty() || !(parts.get(2) instanceof UriResourcePrimitiveProperty primitive)) {
      throw ClientErrorException.badRequest("Resource not found for the segment '"
          + parts.get(parts.size() - 1).getSegmentValue() + "'.");
    }
    String id = EntityResourceProcessor.decodeKey(navigation.getKeyPredicates().get(0));
    Map<String, Object> values = store.find(tenant, id).orElseThrow(() -> EntityResourceProcessor.notFound(entity, id));
    PropertyDef property = entity.property(primitive.getProperty().getName()).orElseThrow();
    return new Read(id, property, values.get(property.name()));
  }
}
