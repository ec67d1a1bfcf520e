package dev.graphmock.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphmock.json.InvalidEntityException;
import dev.graphmock.json.NewEntities;
import dev.graphmock.json.ValueReader;
import dev.graphmock.json.ValueWriter;
import dev.graphmock.model.ComplexValue;
import dev.graphmock.model.DefaultValues;
import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Property;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.store.DuplicateKeyException;
import dev.graphmock.store.FamilyStore;
import dev.graphmock.store.MissingTargetException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Export and import of a tenant's entities at the engine's places (issue 31, point 7), as one document keyed by
 * place, which an import of the export into an empty tenant gives back byte for byte:
 * <pre>
 * {"places":{"fleet/profiles":[{"@odata.type":"#example.fleet.cloudProfile","id":"p1",…}],
 *            "fleet/profiles/assignments":[{"@graphmock.parents":["p1"],"@odata.type":"…","id":"a1",…}],
 *            "fleet/devices":[{"@odata.type":"…","id":"d1",…,"profile@graphmock.link":["p1"]}]}}
 * </pre>
 * Places in the schema's order, each place's entities by their parents' keys and then their own; an entity's
 * {@code @graphmock.parents} are the keys of the entities that contain it, outermost first, and each
 * {@code nav@graphmock.link} the keys of the entity a single-valued link points at. An import checks every entity
 * as a create checks it and keeps all or none: 400 naming the place and position of the first bad one, 409 naming
 * a taken key, 404 naming a parent or link target that is not there.
 * <p>
 * {@code ?set=PATH} exports one place as Graph's collection page, {@code {"value":[…]}}, each entity as above but
 * with an {@code @odata.type} only where its type is not the place's; {@link SetImport} imports that form (and
 * NDJSON) into one place.
 */
final class PlaceDocuments {
  /** The largest import document read (it is read whole: the engine's import is for test fixtures). */
  static final int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
  private static final JsonFactory JSON = new JsonFactory();
  /** Numbers read as they were written: a Decimal's every digit and its scale (1.10 stays 1.10). */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
  private static final String PARENTS = "@graphmock.parents";
  private static final String LINK = "@graphmock.link";

  private final TypeGraph graph;
  private final FamilyStore store;
  private final ValueReader reader;

  PlaceDocuments(TypeGraph graph, FamilyStore store) {
    this.graph = graph;
    this.store = store;
    this.reader = new ValueReader(graph);
  }

  /** The export of {@code tenant}: every place, or the one {@code set} names (null for all). */
  AdminResponse export(String tenant, String set, AdminRequest request) {
    List<EntitySetPath> places = new ArrayList<>();
    for (EntitySetPath path : graph.paths()) {
      if (set == null || path.name().equalsIgnoreCase(set)) {
        places.add(path);
      }
    }
    if (places.isEmpty()) {
      return unknownSet(set, request);
    }
    // Streamed as the rows are read, as the bundled collection's export is: never the whole tenant in memory.
    return new AdminResponse(200, Map.of("Content-Type", AdminApi.JSON), out -> {
      try (JsonGenerator json = JSON.createGenerator(out)) {
        // The stream is the caller's (standard output, for the export command); a read that fails half way leaves
        // the JSON unfinished, never closed as if it were whole.
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
        json.writeStartObject();
        if (set == null) {
          json.writeObjectFieldStart("places");
        }
        for (EntitySetPath place : places) {
          json.writeArrayFieldStart(set == null ? place.name() : "value");
          // One place's page names a type only where it is not the place's, as Graph's answers do.
          store.each(tenant, place.name(), (parentKey, entity) -> write(json, parentKey, entity, set == null
              || !entity.type().qualifiedName().equals(place.type().qualifiedName())));
          json.writeEndArray();
        }
        if (set == null) {
          json.writeEndObject();
        }
        json.writeEndObject();
      }
    });
  }

  /** The refusal of a {@code ?set=} that names no place. */
  AdminResponse unknownSet(String set, AdminRequest request) {
    // a collection for the example: what a set names most
    String example = graph.paths().stream().filter(EntitySetPath::isCollection).findFirst()
        .orElse(graph.paths().get(0)).name();
    return AdminApi.error(400, "BadRequest", "set must name a place of the schema, such as " + example + "; '" + set
        + "' names none.", request);
  }

  private static void write(JsonGenerator json, String parentKey, FamilyStore.Kept entity, boolean typed)
      throws IOException {
    json.writeStartObject();
    if (!parentKey.isEmpty()) {
      json.writeArrayFieldStart(PARENTS);
      for (String key : FamilyStore.keys(parentKey)) {
        json.writeString(key);
      }
      json.writeEndArray();
    }
    if (typed) {
      json.writeStringField("@odata.type", "#" + entity.type().qualifiedName());
    }
    for (Property property : entity.type().properties()) {
      json.writeFieldName(property.name());
      ValueWriter.write(json, property.type(), entity.values().get(property.name()), false);
    }
    for (Map.Entry<String, String> link : entity.links().entrySet()) {
      json.writeArrayFieldStart(link.getKey() + LINK);
      for (String key : FamilyStore.keys(link.getValue())) {
        json.writeString(key);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  /**
   * Imports a document of the export's form into {@code tenant}, in one transaction; with {@code replace} an entity
   * whose key is taken is replaced.
   */
  AdminResponse importDocument(String tenant, boolean replace, AdminRequest request) throws IOException {
    JsonNode document;
    try (InputStream in = request.body()) {
      byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (body.length > MAX_DOCUMENT_BYTES) {
        return AdminApi.error(413, "RequestEntityTooLarge", "An import of this schema's places takes at most "
            + MAX_DOCUMENT_BYTES + " bytes.", request);
      }
      document = MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return AdminApi.error(400, "BadRequest", "The body is not valid JSON.", request);
    }
    if (document == null || !document.isObject() || !document.path("places").isObject()) {
      return AdminApi.error(400, "BadRequest", "The body must be {\"places\":{\"PATH\":[entity, …], …}}, as"
          + " /__admin/export writes it.", request);
    }
    return keep(tenant, (ObjectNode) document.get("places"), replace, "imported", request, ".");
  }

  /**
   * Makes and keeps in {@code tenant} the entities {@link PlaceGenerator} makes from {@code count}, {@code seed}
   * and {@code until}, checked and kept as an import is; the same seed twice is a 409 (the keys are taken).
   */
  AdminResponse generate(String tenant, int count, long seed, java.time.Instant until, AdminRequest request) {
    ObjectNode document;
    try {
      document = new PlaceGenerator(graph).document(count, seed, until);
    } catch (PlaceGenerator.Refused refused) {
      return AdminApi.error(refused.status, refused.status == 400 ? "BadRequest" : "NotImplemented",
          refused.getMessage() + "; nothing was generated.", request);
    }
    return keep(tenant, (ObjectNode) document.get("places"), false, "generated", request, "; nothing was generated (these"
        + " entities were generated before: reset, or use another seed).");
  }

  /**
   * Keeps {@code places} (a document's) in one transaction: {@code {"<what>":N}}, or the refusal (a taken key's
   * message ending with {@code conflict}).
   */
  private AdminResponse keep(String tenant, ObjectNode places, boolean replace, String what, AdminRequest request,
                            String conflict) {
    try {
      long kept = store.inOneTransaction(() -> load(tenant, places, replace));
      List<String> loaded = new ArrayList<>();
      places.fieldNames().forEachRemaining(loaded::add);
      store.loaded(kept, loaded);
      return AdminResponse.json(200, ("{\"" + what + "\":" + kept + "}").getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    } catch (Refusal refusal) {
      String message = refusal.getMessage();
      if (refusal.status == 409) {
        message = message.substring(0, message.length() - 1) + conflict;
      }
      return AdminApi.error(refusal.status, refusal.code, message, request);
    }
  }

  /** Every entity of the document, then every link (a link may point at an entity later in the document). */
  private long load(String tenant, ObjectNode places, boolean replace) {
    Links links = new Links();
    long count = 0;
    for (Iterator<Map.Entry<String, JsonNode>> each = places.fields(); each.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = each.next();
      EntitySetPath place = graph.path(entry.getKey()).orElseThrow(() -> new Refusal(400, "BadRequest",
          "'" + entry.getKey() + "' is not a place of the schema."));
      if (!entry.getValue().isArray()) {
        throw new Refusal(400, "BadRequest", "The entities of " + place.name() + " must be an array.");
      }
      int position = 0;
      for (JsonNode node : entry.getValue()) {
        String where = place.name() + "[" + position++ + "]";
        if (!node.isObject()) {
          throw new Refusal(400, "BadRequest", where + " must be an object.");
        }
        keep(tenant, place, ((ObjectNode) node).deepCopy(), where, replace, links);
        count++;
      }
    }
    links.keep(tenant);
    return count;
  }

  /** The links of the entities kept so far, set once every entity is kept. */
  final class Links {
    private record Linked(EntitySetPath place, String parentKey, String key, Map<String, String> links) {
    }

    private final List<Linked> linked = new ArrayList<>();

    /** Points every link the kept entities named at its target: 404 naming a target that is not there. */
    void keep(String tenant) {
      for (Linked each : linked) {
        for (Map.Entry<String, String> link : each.links().entrySet()) {
          String where = each.place().name() + " '" + each.key() + "' " + link.getKey() + LINK;
          try {
            store.link(tenant, each.place().name(), each.parentKey(), each.key(), link.getKey(), link.getValue());
          } catch (MissingTargetException e) {
            throw new Refusal(404, "ResourceNotFound", where + ": no such entity at " + e.place() + ".");
          } catch (IllegalArgumentException e) {
            throw new Refusal(400, "BadRequest", where + ": no such link.");
          }
        }
      }
    }
  }

  /**
   * Keeps one entity of an import at {@code place} (its {@code @graphmock.parents} and {@code nav@graphmock.link}
   * taken out of {@code entity}, the links noted in {@code links}), checked as a create is; with {@code replace} an
   * entity whose key is taken is replaced. {@code where} names it in a refusal.
   */
  void keep(String tenant, EntitySetPath place, ObjectNode entity, String where, boolean replace, Links links) {
    List<String> parents = keys(entity.remove(PARENTS), where + "." + PARENTS);
    Map<String, String> linked = new LinkedHashMap<>();
    for (Iterator<String> names = entity.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.endsWith(LINK)) {
        linked.put(name.substring(0, name.length() - LINK.length()),
            FamilyStore.parentKey(keys(entity.get(name), where + "." + name)));
        names.remove();
      }
    }
    ComplexValue value;
    Map<String, String> binds = new LinkedHashMap<>();
    try (JsonParser parser = entity.traverse(MAPPER)) {
      parser.nextToken();
      value = reader.entity(parser, place.type(), binds);
    } catch (InvalidEntityException e) {
      throw new Refusal(400, "BadRequest", where + ": " + e.getMessage());
    } catch (IOException e) {
      throw new Refusal(400, "BadRequest", where + " cannot be read.");
    }
    if (!binds.isEmpty()) {
      // An import is read without a request's URL to resolve a bind's against; its links name keys instead.
      String navigation = binds.keySet().iterator().next();
      throw new Refusal(400, "BadRequest", where + ": an import sets a link with " + navigation + LINK
          + " (the target's keys, outermost first), not " + navigation + "@odata.bind.");
    }
    Map<String, Object> values = DefaultValues.of(value.type());
    value.values().forEach((name, given) -> values.put(name, DefaultValues.complete(value.type().property(name)
        .orElseThrow().type(), given)));
    // (a key is a string: the type graph refuses any other)
    String text = (String) values.get(value.type().keyName());
    if (text == null || text.isEmpty()) {
      // as a POST makes one
      text = dev.graphmock.json.TimeOrderedIds.next();
      values.put(value.type().keyName(), text);
    }
    try {
      NewEntities.checkKey(value.type().keyName(), text);
      String parentKey = FamilyStore.parentKey(parents);
      store.insert(tenant, place.name(), parentKey, value.type(), values, Map.of(), replace);
      if (!linked.isEmpty()) {
        links.linked.add(new Links.Linked(place, parentKey, text, linked));
      }
    } catch (InvalidEntityException e) {
      throw new Refusal(400, "BadRequest", where + ": " + e.getMessage());
    } catch (DuplicateKeyException e) {
      throw new Refusal(409, "Conflict", where + ": an entity with id '" + text + "' already exists.");
    } catch (MissingTargetException e) {
      throw new Refusal(404, "ResourceNotFound", where + ": the entity it is kept under is not at "
          + e.place() + ".");
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, "BadRequest", where + ": " + PARENTS + " must hold the keys of the entities "
          + place.name() + " is kept under, outermost first.");
    }
  }

  /** An array of keys (strings), or none when absent. */
  private static List<String> keys(JsonNode node, String where) {
    List<String> keys = new ArrayList<>();
    if (node == null || node.isNull()) {
      return keys;
    }
    if (!node.isArray()) {
      throw new Refusal(400, "BadRequest", where + " must be an array of keys.");
    }
    for (JsonNode key : node) {
      if (!key.isTextual()) {
        throw new Refusal(400, "BadRequest", where + " must be an array of keys.");
      }
      keys.add(key.asText());
    }
    if (keys.isEmpty() && where.endsWith(LINK)) {
      throw new Refusal(400, "BadRequest", where + " must name an entity.");
    }
    return keys;
  }

  /** A refusal of an import, which rolls its transaction back. */
  static final class Refusal extends RuntimeException {
    final int status;
    final String code;

    Refusal(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
