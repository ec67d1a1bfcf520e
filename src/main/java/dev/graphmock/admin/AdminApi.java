package dev.graphmock.admin;

import dev.graphmock.errors.GraphError;
import dev.graphmock.fixtures.EventGenerator;
import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.Tenants;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.store.DuplicateKeyException;
import dev.graphmock.store.FamilyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin endpoints, each answering in JSON or with no body, errors in Graph's shape:
 * <pre>
 * POST {origin}/__admin/reset    204: every entity is gone (?tenant=T: that tenant's); the schema and tables stay
 * GET  {origin}/__admin/export   200: the default set's page {"value":[…]} (?set=PATH: that place's, ?set=*: every
 *                                place as one document), each entity as a GET answers it without annotations;
 *                                streamed ({@link PlaceDocuments})
 * POST {origin}/__admin/import   200 {"imported":N}: a place's Graph collection page (application/json) or NDJSON
 *      [?mode=upsert]            (application/x-ndjson), each entity checked as POST checks it, all or none: 400
 *                                naming the first bad entity's position (or an NDJSON line's number), 409 naming a
 *                                taken id (upsert replaces it instead); received into a temporary file first,
 *                                then loaded from it ({@link ImportEndpoint}, {@link SetImport}); or a whole
 *                                document of places
 * POST {origin}/__admin/generate 200 {"generated":N}: {"count":N,"seed":S,"until":"2026-01-01T00:00:00Z"} makes N
 *                                realistic events (EventGenerator) where the default set holds them, the same for
 *                                the same seed and schema; else N entities in each collection
 *                                ({@link PlaceGenerator})
 *      {origin}/__admin/requests the request journal ({@link JournalEndpoints})
 *      {origin}/__admin/faults   the fault rules ({@link FaultEndpoints})
 * </pre>
 * {@code import}, {@code export} and {@code generate} work on {@code ?tenant=T}, else the default tenant. Who may
 * call them is decided before a request gets here ({@code http.AdminAccess}).
 */
public final class AdminApi {
  static final String JSON = "application/json;charset=utf-8";
  private static final Map<String, String> ENDPOINTS = Map.of("/reset", "POST", "/export", "GET", "/import",
      "POST", "/generate", "POST");
  /**
   * The most bytes one imported event may take (an NDJSON line, or one object of a page's {@code value}): the same
   * as the body of a {@code POST} (http's {@code ServerConfig.MAX_BODY_BYTES}, which the admin API does not see;
   * a test holds the two equal), since an import checks each event as a {@code POST} body.
   */
  public static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
  /**
   * The most entities one generate call makes in each collection of a schema the engine serves (the document is
   * made in memory, and each contained collection adds up to two an entity).
   */
  static final int MAX_GENERATE_PER_PLACE = 10_000;

  /** What {@code ?set=} says to name every place of the engine's, as one document. */
  static final String EVERY_PLACE = "*";

  /** The most events one generate call makes. */
  static final int MAX_GENERATE = 10_000_000;
  /** The parameters each endpoint takes; any other is refused rather than ignored. */
  private static final Map<String, java.util.Set<String>> PARAMETERS = Map.of("/import",
      java.util.Set.of("mode", "tenant", "set"), "/generate", java.util.Set.of("tenant"), "/export",
      java.util.Set.of("tenant", "set"), "/reset", java.util.Set.of("tenant"));

  /** The collection import, export and generate work on when {@code ?set=} names none, or null. */
  private final String defaultSet;
  private final FamilyStore families;
  /**
   * Made on the first import, export or generate, not at start-up: its Jackson tree mapper costs a cold start 80 ms,
   * and most runs never call these.
   */
  private PlaceDocuments places;
  private final EventGenerator generator;
  private final JournalEndpoints journal;
  private final FaultEndpoints faults;
  /** Where an import's body is received first. */
  private final Path spool;
  /** Made on first use rather than at start-up, which a JVM's first ObjectMapper slows by a tenth of a second. */
  private static final class Json {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
  }

  /**
   * @param families the engine's store of the schema's places
   * @param graph the schema's types
   * @param defaultSet the collection import, export and generate work on when {@code ?set=} names none (such as
   *     {@code deviceManagement/autopilotEvents}), or null: then they work on every place, as one document
   * @param journal the request journal, or null where there is none (the data commands)
   * @param faults the fault rules, or null where there are none
   */
  public AdminApi(FamilyStore families, TypeGraph graph, String defaultSet, dev.graphmock.journal.Journal journal,
                  dev.graphmock.faults.Faults faults) {
    this.defaultSet = defaultSet;
    this.families = families;
    this.journal = journal == null ? null : new JournalEndpoints(journal);
    this.faults = faults == null ? null : new FaultEndpoints(faults);
    // The default place's events, where it holds events.
    StructuredType events = defaultSet == null ? null : graph.path(defaultSet).filter(place -> place.keysAbove() == 0)
        .map(EntitySetPath::type).filter(EventGenerator::makes).orElse(null);
    this.generator = events == null ? null : new EventGenerator(events, EventGenerator.DOMAIN);
    // An import's body is received in the JVM's temporary folder: a database in memory or in PostgreSQL has no
    // folder of its own, and a spool left by a killed process is cleared there with the other temporary files.
    this.spool = Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The media type of an events file by its name: NDJSON for {@code .ndjson} and {@code .jsonl}, else a page. */
  public static String importType(java.nio.file.Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".ndjson") || name.endsWith(".jsonl") ? "application/x-ndjson" : "application/json";
  }

  public AdminResponse handle(AdminRequest request) {
    if (journal != null && (request.path().equals("/requests") || request.path().startsWith("/requests/"))) {
      return journal.handle(request);
    }
    if (faults != null && (request.path().equals("/faults") || request.path().startsWith("/faults/"))) {
      return faults.handle(request);
    }
    String method = ENDPOINTS.get(request.path());
    if (method == null) {
      List<String> paths = new java.util.ArrayList<>(ENDPOINTS.keySet());
      paths.addAll(List.of("/requests", "/faults"));
      return error(404, "ResourceNotFound", "There is no admin endpoint " + request.path() + "; there are "
          + String.join(", ", paths.stream().sorted().map(path -> "/__admin" + path).toList()) + ".", request);
    }
    if (!method.equals(request.method())) {
      return methodNotAllowed(request, method);
    }
    java.util.Set<String> accepted = PARAMETERS.getOrDefault(request.path(), java.util.Set.of());
    List<String> unknown = request.parameters().keySet().stream().filter(name -> !accepted.contains(name)).toList();
    if (!unknown.isEmpty()) {
      return error(400, "BadRequest", "/__admin" + request.path() + (accepted.isEmpty() ? " takes no parameters"
          : " takes only " + String.join(", ", accepted)) + ", not '" + String.join("', '", unknown) + "'.", request);
    }
    String tenant = request.parameters().get("tenant");
    if (tenant != null && tenant.isBlank()) {
      return error(400, "BadRequest", "tenant must name a tenant, such as ?tenant=" + Tenants.DEFAULT + ".", request);
    }
    if (request.path().equals("/reset")) {
      return reset(tenant);
    }
    if (request.path().equals("/generate")) {
      return generate(request, tenant == null ? Tenants.DEFAULT : tenant);
    }
    // export or import
    String where = tenant == null ? Tenants.DEFAULT : tenant;
    // No set: the default one where the schema names one, else every place; "*": every place.
    String set = request.parameters().getOrDefault("set", defaultSet);
    set = EVERY_PLACE.equals(set) ? null : set;
    if (request.path().equals("/export")) {
      return places().export(where, set, request);
    }
    if (set != null) {
      Optional<EntitySetPath> place = families.graph().path(set);
      return place.isPresent() ? new ImportEndpoint(new SetImport(places(), families, place.get()), spool)
          .handle(request, where) : places().unknownSet(set, request);
    }
    String mode = request.parameters().getOrDefault("mode", "insert");
    if (!mode.equals("insert") && !mode.equals("upsert")) {
      return error(400, "BadRequest", "mode must be insert (the default: a taken key is a 409) or upsert (a taken"
          + " key is replaced), not '" + mode + "'.", request);
    }
    try {
      return places().importDocument(where, mode.equals("upsert"), request);
    } catch (java.io.IOException e) {
      return error(400, "BadRequest", "The body could not be read.", request);
    }
  }

  private AdminResponse generate(AdminRequest request, String tenant) {
    int count;
    long seed;
    java.time.Instant until;
    try {
      com.fasterxml.jackson.databind.JsonNode body = Json.MAPPER.readTree(request.body());
      if (body == null || !body.isObject()) {
        throw new IllegalArgumentException("The body must be a JSON object such as {\"count\":1000,\"seed\":7}.");
      }
      for (String field : (Iterable<String>) body::fieldNames) {
        if (!java.util.Set.of("count", "seed", "until").contains(field)) {
          throw new IllegalArgumentException("Unknown field '" + field + "': the body takes count, seed and until.");
        }
      }
      com.fasterxml.jackson.databind.JsonNode countNode = body.path("count");
      if (!countNode.canConvertToInt() || !countNode.isIntegralNumber() || countNode.asInt() < 1
          || countNode.asInt() > MAX_GENERATE) {
        throw new IllegalArgumentException("count must be a whole number from 1 to " + MAX_GENERATE + ".");
      }
      count = countNode.asInt();
      com.fasterxml.jackson.databind.JsonNode seedNode = body.path("seed");
      if (!seedNode.isMissingNode() && !(seedNode.isIntegralNumber() && seedNode.canConvertToLong())) {
        throw new IllegalArgumentException("seed must be a whole number.");
      }
      seed = seedNode.asLong(0);
      com.fasterxml.jackson.databind.JsonNode untilNode = body.path("until");
      until = untilNode.isMissingNode() ? EventGenerator.DEFAULT_UNTIL
          : dev.graphmock.model.DateTimeOffsetValue.parse(untilNode.asText()).instant();
    } catch (IllegalArgumentException | dev.graphmock.model.InvalidValueException e) {
      return error(400, "BadRequest", e.getMessage(), request);
    } catch (java.io.IOException e) {
      return error(400, "BadRequest", "The body is not valid JSON.", request);
    }
    if (generator != null) {
      // events at the default place of a schema the engine serves
      return generated(request, () -> {
        long made = families.bulkLoad(defaultSet, () -> {
          EventGenerator.Events events = generator.events(count, seed, until);
          long making = 0;
          for (Map<String, Object> event = events.next(); event != null; event = events.next()) {
            families.insert(tenant, defaultSet, "", generator.type(), event);
            making++;
          }
          return making;
        });
        families.loaded(made, List.of(defaultSet));
        return made;
      });
    }
    // else count entities in each collection no entity contains
    if (count > MAX_GENERATE_PER_PLACE) {
      return error(400, "BadRequest", "count must be a whole number from 1 to " + MAX_GENERATE_PER_PLACE
          + " for a schema whose places are generated (count entities in each collection).", request);
    }
    return places().generate(tenant, count, seed, until, request);
  }

  private synchronized PlaceDocuments places() {
    if (places == null) {
      places = new PlaceDocuments(families.graph(), families);
    }
    return places;
  }

  /** What a generate that {@code making} does answers: how many it made, or why none. */
  private static AdminResponse generated(AdminRequest request, java.util.concurrent.Callable<Long> making) {
    try {
      long generated = making.call();
      return AdminResponse.json(200, ("{\"generated\":" + generated + "}").getBytes(StandardCharsets.UTF_8));
    } catch (DuplicateKeyException e) {
      return error(409, "Conflict", e.getMessage() + "; nothing was generated (these events were generated"
          + " before: reset, or use another seed).", request);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("generating failed", e);
    }
  }

  /** @param tenant the one tenant to reset, or null for every tenant */
  private AdminResponse reset(String tenant) {
    families.deleteAll(tenant);
    return AdminResponse.noContent();
  }

  static AdminResponse methodNotAllowed(AdminRequest request, String allowed) {
    AdminResponse refused = error(405, "MethodNotAllowed", "/__admin" + request.path() + " answers " + allowed
        + " only.", request);
    return new AdminResponse(405, Map.of("Content-Type", JSON, "Allow", allowed), refused.body());
  }

  /** graphmock's version, which Maven writes into graphmock.properties at build time. */
  public static String version() {
    java.util.Properties properties = new java.util.Properties();
    try (java.io.InputStream in = AdminApi.class.getResourceAsStream("/graphmock.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (java.io.IOException e) {
      // Unknown, then: the version is for people reading a HAR file, nothing depends on it.
    }
    return properties.getProperty("version", "unknown");
  }

  static AdminResponse error(int status, String code, String message, AdminRequest request) {
    return AdminResponse.json(status, GraphError.body(code, message, request.requestId(),
        request.clientRequestId()));
  }
}
