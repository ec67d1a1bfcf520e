package dev.graphmock.odata;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.json.InvalidEntityException;
import dev.graphmock.json.MetadataLevel;
import dev.graphmock.json.ValueReader;
import dev.graphmock.json.ValueWriter;
import dev.graphmock.model.Address;
import dev.graphmock.model.Operation;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import dev.graphmock.store.FamilyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ActionComplexCollectionProcessor;
import org.apache.olingo.server.api.processor.ActionComplexProcessor;
import org.apache.olingo.server.api.processor.ActionEntityCollectionProcessor;
import org.apache.olingo.server.api.processor.ActionEntityProcessor;
import org.apache.olingo.server.api.processor.ActionPrimitiveCollectionProcessor;
import org.apache.olingo.server.api.processor.ActionPrimitiveProcessor;
import org.apache.olingo.server.api.processor.ActionVoidProcessor;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceFunction;

/**
 * Bound actions and functions of the engine's places (issue 31, point 6), whatever Olingo's dispatcher calls them
 * as (by their return type): the operation Olingo resolved (without regard to case, as {@link PathSegments} wrote
 * it) is routed on its entity, collection or single-valued place; its parameters are read against the schema first
 * (from the body of an action, the URL of a function: an unknown one, a missing one that may not be null, or one of
 * the wrong type is a 400 naming it, in ODL's words); then the {@link OperationHandler} registered for it does the
 * work and its result is written as the declared return type says. One that no handler implements is a 501 naming
 * it, after its parameters were checked.
 */
final class PlaceOperations implements ActionVoidProcessor, ActionEntityProcessor, ActionEntityCollectionProcessor,
    ActionPrimitiveProcessor, ActionPrimitiveCollectionProcessor, ActionComplexProcessor,
    ActionComplexCollectionProcessor {
  private static final Pattern TYPED_LITERAL = Pattern.compile("[\\w.]+'(.*)'", Pattern.DOTALL);
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

  private final TypeGraph graph;
  private final FamilyStore store;
  private final Addresses addresses;
  private final ValueReader reader;
  private final OperationHandlers handlers;
  private final PlaceProcessor places;

  PlaceOperations(TypeGraph graph, FamilyStore store, OperationHandlers handlers, PlaceProcessor places) {
    this.graph = graph;
    this.store = store;
    this.addresses = new Addresses(graph);
    this.reader = new ValueReader(graph);
    this.handlers = handlers;
    this.places = places;
  }

  private PlaceOperations(PlaceOperations shared, PlaceProcessor requestPlaces) {
    this.graph = shared.graph;
    this.store = shared.store;
    this.addresses = shared.addresses;
    this.reader = shared.reader;
    this.handlers = shared.handlers;
    this.places = requestPlaces;
  }

  /**
   * For one request: the same, with that request's processor of places (its tenant and body); what every request
   * shares (the reader's index of every type) is not made again.
   */
  PlaceOperations forRequest(PlaceProcessor requestPlaces) {
    return new PlaceOperations(this, requestPlaces);
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // The places' processor, registered beside this one, is initialised by Olingo too.
  }

  @Override
  public void processActionVoid(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    requireJsonParameters(format);
    call(request, response, uriInfo, null);
  }

  /** An action's parameters come as JSON, as a create's body does (415 otherwise); none at all is fine. */
  private void requireJsonParameters(ContentType requestFormat) throws ODataApplicationException {
    byte[] body = places.body();
    if (requestFormat != null && body != null && body.length > 0) {
      RequestFormats.requireJsonBody(requestFormat);
    }
  }

  @Override
  public void processActionEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                  ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    requireJsonParameters(requestFormat);
    call(request, response, uriInfo, responseFormat);
  }

  @Override
  public void processActionEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                            ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    requireJsonParameters(requestFormat);
    call(request, response, uriInfo, responseFormat);
  }

  @Override
  public void processActionPrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                     ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    requireJsonParameters(requestFormat);
    call(request, response, uriInfo, responseFormat);
  }

  @Override
  public void processActionPrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                               ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    requireJsonParameters(requestFormat);
    call(request, response, uriInfo, responseFormat);
  }

  @Override
  public void processActionComplex(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                   ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    requireJsonParameters(requestFormat);
    call(request, response, uriInfo, responseFormat);
  }

  @Override
  public void processActionComplexCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                             ContentType requestFormat, ContentType responseFormat)
      throws ODataApplicationException {
    requireJsonParameters(requestFormat);
    call(request, response, uriInfo, responseFormat);
  }

  /** Calls the operation {@code uriInfo} ends with; {@code responseFormat} null when nothing is returned. */
  void call(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType responseFormat)
      throws ODataApplicationException {
    Address address = addresses.of(uriInfo);
    Operation operation = ((Address.Call) address.tail()).operation();
    refuseQueryOptions(uriInfo, operation);
    if (responseFormat != null) {
      RequestFormats.requireJson(responseFormat);
    }
    Address bound = new Address(address.place(), address.parentKeys(), address.key(), address.cast(), null);
    FamilyStore.Kept entity = places.bound(bound);
    Map<String, Object> parameters = operation.action() ? parameters(operation, places.body())
        : parameters(operation, functionParameters(uriInfo));
    OperationHandler handler = handlers.find(operation).orElseThrow(() -> new ClientErrorException(501,
        "NotImplemented", "graphmock does not implement the " + (operation.action() ? "action" : "function") + " '"
        + operation.qualifiedName() + "' bound to " + operation.binding() + " yet."));
    Object result = handler.call(new OperationHandler.Call(places.tenant(), bound, entity, parameters, store));
    if (operation.returnType() == null) {
      response.setStatusCode(204);
      return;
    }
    MetadataLevel level = RequestFormats.level(responseFormat);
    response.setStatusCode(200);
    response.setHeader(HttpHeader.CONTENT_TYPE, level.contentType());
    response.setContent(new ResponseBody(result(request, operation, result, level)));
  }

  /** Query options on what an operation returns are not served yet: refused by name rather than dropped. */
  private static void refuseQueryOptions(UriInfo uriInfo, Operation operation) throws ClientErrorException {
    NotServedYet.refuse("on the result of '" + operation.qualifiedName() + "'", "$filter", uriInfo.getFilterOption(),
        "$orderby", uriInfo.getOrderByOption(), "$select", uriInfo.getSelectOption(), "$expand",
        uriInfo.getExpandOption(), "$top", uriInfo.getTopOption(), "$skip", uriInfo.getSkipOption(), "$count",
        uriInfo.getCountOption());
  }

  /**
   * The parameters an action's body or a function's URL gives, read as their declared types: a JSON object
   * (empty for none), its members named as the schema names the parameters.
   */
  private Map<String, Object> parameters(Operation operation, byte[] json) throws ClientErrorException {
    Map<String, Object> values = new LinkedHashMap<>();
    if (json == null || json.length == 0) {
      json = "{}".getBytes(StandardCharsets.UTF_8);
    }
    try (JsonParser parser = dev.graphmock.json.EntityJsonReader.parser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw ClientErrorException.badRequest("The body of the action '" + operation.name() + "' must be a JSON"
            + " object of its parameters.");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (name.indexOf('@') >= 0) {
          parser.skipChildren();
          continue;
        }
        Operation.Parameter parameter = parameter(operation, name);
        if (values.containsKey(parameter.name())) {
          throw ClientErrorException.badRequest("The parameter '" + parameter.name() + "' appears more than once.");
        }
        values.put(parameter.name(), reader.read(parser, parameter.type(), parameter.nullable(), parameter.name()));
      }
      if (parser.nextToken() != null) {
        throw ClientErrorException.badRequest("The body must hold one JSON object and nothing after it.");
      }
    } catch (InvalidEntityException e) {
      throw ClientErrorException.badRequest(e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ClientErrorException.badRequest(dev.graphmock.json.EntityJsonReader.describe(e));
    } catch (IOException e) {
      throw ClientErrorException.badRequest("The request body could not be read.");
    }
    List<String> missing = new ArrayList<>();
    for (Operation.Parameter parameter : operation.parameters()) {
      if (!values.containsKey(parameter.name())) {
        if (!parameter.nullable()) {
          missing.add(parameter.name());
        }
        values.put(parameter.name(), null);
      }
    }
    if (!missing.isEmpty()) {
      throw ClientErrorException.badRequest("One or more parameters of the operation '" + operation.name()
          + "' are missing from the request payload. The missing parameters are: " + String.join(", ", missing)
          + ".");
    }
    return values;
  }

  /** The parameter a payload names: by its exact name, else without regard to case. */
  private static Operation.Parameter parameter(Operation operation, String name) throws ClientErrorException {
    Operation.Parameter folded = null;
    for (Operation.Parameter parameter : operation.parameters()) {
      if (parameter.name().equals(name)) {
        return parameter;
      }
      if (folded == null && parameter.name().equalsIgnoreCase(name)) {
        folded = parameter;
      }
    }
    if (folded == null) {
      throw ClientErrorException.badRequest("The parameter '" + name + "' in the request payload is not a valid"
          + " parameter for the operation '" + operation.name() + "'.");
    }
    return folded;
  }

  /** A function's parameters, as Olingo parsed them from the URL, written as the JSON object an action's would be. */
  private static byte[] functionParameters(UriInfo uriInfo) {
    List<UriResource> parts = uriInfo.getUriResourceParts();
    UriResourceFunction function = (UriResourceFunction) parts.get(parts.size() - 1);
    return JsonBytes.write(json -> {
      json.writeStartObject();
      for (UriParameter parameter : function.getParameters()) {
        json.writeFieldName(parameter.getName());
        String text = parameter.getText();
        java.util.regex.Matcher typed = text == null ? null : TYPED_LITERAL.matcher(text);
        if (text == null || text.equals("null")) {
          json.writeNull();
        } else if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
          json.writeString(text.substring(1, text.length() - 1).replace("''", "'"));
        } else if (typed.matches()) {
          json.writeString(typed.group(1).replace("''", "'"));
        } else if (text.equals("true") || text.equals("false")) {
          json.writeBoolean(Boolean.parseBoolean(text));
        } else if (NUMBER.matcher(text).matches()) {
          json.writeNumber(text);
        } else {
          json.writeString(text);
        }
      }
      json.writeEndObject();
    });
  }

  /** The result as the declared return type writes it, with its context URL. */
  private byte[] result(ODataRequest request, Operation operation, Object result, MetadataLevel level) {
    ValueType type = operation.returnType();
    String context = request.getRawBaseUri() + "/$metadata#" + type.qualifiedName();
    return JsonBytes.write(json -> {
      json.writeStartObject();
      if (level != MetadataLevel.NONE) {
        json.writeStringField("@odata.context", context);
      }
      if (result instanceof FamilyStore.Kept entity) {
        PlaceProcessor.properties(json, entity, level);
      } else if (type instanceof ValueType.Collection collection && collection.element() instanceof ValueType.Complex
          complex && complex.type().isEntity()) {
        json.writeArrayFieldStart("value");
        for (Object item : result == null ? List.of() : (List<?>) result) {
          json.writeStartObject();
          PlaceProcessor.properties(json, (FamilyStore.Kept) item, level);
          json.writeEndObject();
        }
        json.writeEndArray();
      } else {
        json.writeFieldName("value");
        ValueWriter.write(json, type, result, level == MetadataLevel.FULL);
      }
      json.writeEndObject();
    });
  }
}
