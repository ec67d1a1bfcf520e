package dev.graphmock.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.Property;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntityContainer;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmSingleton;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.core.MetadataParser;
import org.apache.olingo.server.core.SchemaBasedEdmProvider;

/**
 * The schema, loaded once from an EDMX document: Olingo's {@link ServiceMetadata} for URI parsing and dispatch,
 * the document's own bytes for {@code $metadata} (less any navigation to a type it does not declare), the whole
 * schema as plain values ({@link TypeGraph}: read for every schema, so that what the engine cannot serve stops the
 * start), which the engine serves, every place of it; and, where the schema's only places are one singleton and one
 * collection it contains (the bundled schemas: {@code deviceManagement/autopilotEvents}), the {@link EntityDef} of
 * that collection as the release before the engine kept it ({@link #earlierCollection}), for the move of its
 * databases. ({@code entity}, {@code hasCollection} and {@code servedByCollection} are what is left of the bundled
 * path, which no schema takes any more: issue 31, step 8d.)
 *
 * <p>{@code $metadata} is served as the file was written rather than as Olingo re-renders it: the file is what
 * Graph's document looks like (inline annotations, no facets Graph does not declare), and the bytes are ready
 * without serialising the EDM per request.
 */
public final class GraphModel {
  private static final JsonFactory SETTINGS_JSON = new JsonFactory();

  private final String name;
  private final byte[] metadataXml;
  private final ServiceMetadata serviceMetadata;
  private final EdmSingleton singleton;
  private final EdmNavigationProperty collection;
  private final EntityDef entity;
  private final List<List<String>> indexes;
  private final Map<String, List<List<String>>> typeIndexes;
  private final Map<String, List<String>> permissions;
  private final byte[] metadataJson;
  private final TypeGraph typeGraph;
  /** The collection the admin API and data commands work on when they name none, or null (see {@link #defaultSet}). */
  private final String defaultSet;
  /** What {@link #earlierCollection} names, or null. */
  private final EarlierCollection earlierCollection;
  /** The places Graph serves under {@code /beta} only, which {@link #withoutCollection} leaves out. */
  private final List<dev.graphmock.model.EntitySetPath> betaOnly;

  /** The same model as served under another version root: the same entity, other metadata. */
  private GraphModel(GraphModel served, byte[] metadataXml, ServiceMetadata serviceMetadata) {
    this.name = served.name;
    this.indexes = served.indexes;
    this.typeIndexes = served.typeIndexes;
    this.permissions = served.permissions;
    this.defaultSet = served.defaultSet;
    this.earlierCollection = served.earlierCollection;
    this.betaOnly = List.of();
    this.metadataXml = metadataXml;
    this.serviceMetadata = serviceMetadata;
    this.singleton = served.singleton;
    this.collection = served.collection;
    this.entity = served.entity;
    this.metadataJson = JsonCsdl.of(serviceMetadata.getEdm());
    this.typeGraph = TypeGraphReader.read(serviceMetadata.getEdm());
  }

  private GraphModel(String name, byte[] metadataXml, ServiceMetadata serviceMetadata, Settings settings) {
    this.name = name;
    this.indexes = List.of();
    this.permissions = settings.permissions();
    this.metadataXml = metadataXml;
    this.serviceMetadata = serviceMetadata;
    Edm edm = serviceMetadata.getEdm();
    this.typeGraph = TypeGraphReader.read(edm);
    EdmEntityContainer container = edm.getEntityContainer();
    List<EdmSingleton> singletons = new ArrayList<>();
    List<EdmNavigationProperty> collections = new ArrayList<>();
    for (EdmSingleton candidate : container.getSingletons()) {
      for (String navigation : candidate.getEntityType().getNavigationPropertyNames()) {
        EdmNavigationProperty property = candidate.getEntityType().getNavigationProperty(navigation);
        if (property.containsTarget() && property.isCollection()) {
          singletons.add(candidate);
          collections.add(property);
        }
      }
    }
    // Every place of every schema is the engine's (issue 31); a schema of one collection is kept as the release
    // before the engine kept it, and its database moved into the engine's tables (earlierCollection).
    this.earlierCollection = collections.size() != 1 ? null : earlier(singletons.get(0), collections.get(0));
    this.singleton = null;
    this.collection = null;
    this.entity = null;
    this.metadataJson = JsonCsdl.of(edm);
    if (!settings.indexes().isEmpty()) {
      // The form a schema of one collection's settings took before the engine: that collection's type's.
      if (collections.size() != 1 || !settings.typeIndexes().isEmpty()) {
        throw new SchemaException("the settings of schema '" + name + "' name indexes as a list, which is kept only"
            + " for the one contained collection of a schema that has exactly one; name them by entity type:"
            + " {\"indexes\": {\"namespace.type\": [[\"property\", ...]]}}");
      }
      this.typeIndexes = Map.of(collections.get(0).getType().getFullQualifiedName().getFullQualifiedNameAsString(),
          settings.indexes());
    } else {
      this.typeIndexes = settings.typeIndexes();
    }
    checkTypeIndexes();
    List<dev.graphmock.model.EntitySetPath> betaPlaces = new ArrayList<>();
    // Unless the settings say otherwise, a schema of one collection is as the release before the engine served it:
    // that collection beta-only, and the one the admin API works on.
    String oneCollection = collections.size() != 1 ? null
        : singletons.get(0).getName() + "/" + collections.get(0).getName();
    List<String> betaOnlyPlaces = settings.betaOnly() != null ? settings.betaOnly()
        : oneCollection != null ? List.of(oneCollection) : List.of();
    for (String place : betaOnlyPlaces) {
      betaPlaces.add(typeGraph.path(place).filter(path -> path.parent().isPresent())
          .orElseThrow(() -> new SchemaException("the settings of schema '" + name + "' name '" + place + "' as"
              + " beta-only, which is not a place an entity or singleton of the schema contains")));
    }
    this.betaOnly = List.copyOf(betaPlaces);
    String defaultSet = settings.defaultSet() != null ? settings.defaultSet() : oneCollection;
    this.defaultSet = defaultSet == null ? null : typeGraph.path(defaultSet)
        .filter(dev.graphmock.model.EntitySetPath::isCollection)
        .map(dev.graphmock.model.EntitySetPath::name)
        .orElseThrow(() -> new SchemaException("the settings of schema '" + name + "' name '"
            + defaultSet + "' as their defaultSet, which is not a collection of the schema"));
  }

  /**
   * Parses an EDMX document; {@code name} (such as "seed") is what the database records. {@code settings} is the
   * JSON beside the schema that holds what CSDL has no place for (null for none):
   * <pre>{"indexes": [["deviceId", "eventDateTime"], ...],
   *  "permissions": {"read": ["DeviceManagementManagedDevices.Read.All", ...], "create": [...], ...},
   *  "defaultSet": "deviceManagement/autopilotEvents"}</pre>
   * the indexes the store keeps (each ends with the key implicitly; for a schema the engine serves, by entity type:
   * <code>{"indexes": {"example.fleet.device": [["serialNumber"], ...]}}</code>), and the permissions each operation
   * (read, create, update, delete) accepts, any one of them sufficing, and the {@link #defaultSet}.
   */
  public static GraphModel load(String name, byte[] edmx, byte[] settingsJson) {
    Settings settings = settings(name, settingsJson);
    byte[] document = EdmxEdit.withoutDanglingNavigations(withoutByteOrderMark(edmx));
    return new GraphModel(name, document, serviceMetadata(name, document), settings);
  }

  /**
   * This model as Graph's {@code v1.0} serves it: the resource is beta-only (graph-contract.md §1.7), so the
   * singleton is there but its contained collection and the collection's entity type are not, and any path
   * into the collection is "Resource not found for the segment".
   */
  public GraphModel withoutCollection() {
    if (entity == null && betaOnly.isEmpty()) {
      return this;
    }
    if (entity == null) {
      // A schema the engine serves: without the navigations to its beta-only places, and the entity types only
      // those places held.
      Map<String, java.util.Set<String>> navigations = new LinkedHashMap<>();
      java.util.Set<String> types = new java.util.LinkedHashSet<>();
      java.util.Set<String> gone = new java.util.HashSet<>();
      for (dev.graphmock.model.EntitySetPath place : betaOnly) {
        for (StructuredType owner = place.parent().orElseThrow().type(); owner != null;
             owner = owner.base().orElse(null)) {
          navigations.computeIfAbsent(owner.qualifiedName(), unused -> new java.util.HashSet<>()).add(place.segment());
        }
        heldBelow(place, types);
        typeGraph.paths().stream().filter(path -> path.name().equals(place.name())
            || path.name().startsWith(place.name() + "/")).forEach(path -> gone.add(path.name()));
      }
      // A link elsewhere that points into a place v1.0 leaves out goes too: it would point nowhere.
      for (dev.graphmock.model.EntitySetPath path : typeGraph.paths()) {
        path.targets().forEach((navigation, target) -> {
          if (gone.contains(target.name()) && !gone.contains(path.name())) {
            // wherever it is declared: the place's type, a type derived from it, or a base of it
            java.util.List<StructuredType> owners = new ArrayList<>(path.type().family());
            for (StructuredType base = path.type().base().orElse(null); base != null; base = base.base().orElse(null)) {
              owners.add(base);
            }
            for (StructuredType type : owners) {
              navigations.computeIfAbsent(type.qualifiedName(), unused -> new java.util.HashSet<>()).add(navigation);
            }
          }
        });
      }
      byte[] document = EdmxEdit.withoutDanglingNavigations(EdmxEdit.withoutNavigations(metadataXml, navigations,
          types));
      return new GraphModel(this, document, serviceMetadata(name, document));
    }
    byte[] document = EdmxEdit.remove(metadataXml, entity.qualifiedName(), collection.getName());
    return new GraphModel(this, document, serviceMetadata(name, document));
  }

  /** The types of {@code place} and of every place below it, into {@code types}. */
  private static void heldBelow(dev.graphmock.model.EntitySetPath place, java.util.Set<String> types) {
    types.add(place.type().qualifiedName());
    place.contained().values().forEach(below -> heldBelow(below, types));
  }

  /** Olingo's metadata of an EDMX document as the service reads it, for a schema of any shape (tests). */
  static ServiceMetadata serviceMetadataOf(String name, byte[] edmx) {
    return serviceMetadata(name, EdmxEdit.withoutDanglingNavigations(withoutByteOrderMark(edmx)));
  }

  private static ServiceMetadata serviceMetadata(String name, byte[] document) {
    try (var reader = new InputStreamReader(new ByteArrayInputStream(document), StandardCharsets.UTF_8)) {
      SchemaBasedEdmProvider provider = new MetadataParser()
          .parseAnnotations(true)
          // Graph's CSDL names Org.OData.Core.V1 terms without an edmx:Reference; Olingo bundles that vocabulary.
          .implicitlyLoadCoreVocabularies(true)
          .referenceResolver(GraphModel::refuseRemoteReference)
          .buildEdmProvider(reader);
      OperationParameters.resolve(provider, document);
      return OData.newInstance().createServiceMetadata(provider, provider.getReferences());
    } catch (SchemaException e) {
      throw e;
    } catch (Exception e) {
      throw new SchemaException("schema '" + name + "' cannot be loaded: " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /**
   * The flat row of the one contained collection today's {@code EntityStore} serves (such as
   * {@code deviceManagement/autopilotEvents}), or null when the schema has not exactly one singleton with one
   * contained collection: then the engine serves every place ({@link #typeGraph}).
   */
  public EntityDef entity() {
    return entity;
  }

  /** Whether today's store serves the schema's one contained collection ({@link #entity}). */
  public boolean hasCollection() {
    return entity != null;
  }

  /**
   * Whether a path as {@link PathSegments} writes it is today's store's: its singleton, or its collection and what
   * is below it. Every other place is the engine's.
   */
  boolean servedByCollection(String path) {
    if (entity == null) {
      return false;
    }
    String singletonPath = "/" + singleton.getName();
    if (path.equals(singletonPath)) {
      return true;
    }
    String collectionPath = singletonPath + "/" + collection.getName();
    if (!path.startsWith(collectionPath)) {
      return false;
    }
    return path.length() == collectionPath.length() || path.charAt(collectionPath.length()) == '/'
        || path.charAt(collectionPath.length()) == '(';
  }

  /**
   * The path of the one contained collection today's store serves ({@code deviceManagement/autopilotEvents}), or
   * null for a schema the engine serves.
   */
  public String collectionPath() {
    return entity == null ? null : defaultSet;
  }

  /**
   * The one collection the previous release kept in a table of its own for this schema, which the engine now
   * serves with the rest ({@code GraphServer} moves such a database's table into the engine's when it opens it).
   * That release served a schema whose one singleton contains one collection of a type with only primitive and
   * enum properties through that table, even where the collection's entities contain another place.
   *
   * @param entity the collection's entity as that release described it
   * @param place the collection's path, such as {@code deviceManagement/autopilotEvents}
   */
  public record EarlierCollection(EntityDef entity, String place) {
  }

  /** The collection the previous release kept in a table of its own, if it did ({@link EarlierCollection}). */
  public Optional<EarlierCollection> earlierCollection() {
    return Optional.ofNullable(earlierCollection);
  }

  private EarlierCollection earlier(EdmSingleton singleton, EdmNavigationProperty collection) {
    StructuredType type = typeGraph.type(collection.getType().getFullQualifiedName().getFullQualifiedNameAsString())
        .orElseThrow();
    try {
      return new EarlierCollection(entityDef(type), singleton.getName() + "/" + collection.getName());
    } catch (SchemaException notFlat) {
      return null; // complex or flags values: no release before the engine could serve it
    }
  }

  /**
   * The collection the admin API's import, export and generate (and the data commands, and {@code --seed-data})
   * work on when no {@code ?set=} names one: the one collection of a schema that has exactly one, else the one the
   * settings name ({@code "defaultSet": "deviceManagement/autopilotEvents"}), else null (then they work on every
   * place).
   */
  public String defaultSet() {
    return defaultSet;
  }

  /** The schema's types, served paths and operations, as plain values. */
  public TypeGraph typeGraph() {
    return typeGraph;
  }

  /**
   * The type graph of an EDMX document alone, for a schema that does not (yet) fit the one collection this model
   * serves; a {@link SchemaException} says what is wrong with it.
   */
  public static TypeGraph typeGraph(String name, byte[] edmx) {
    byte[] document = EdmxEdit.withoutDanglingNavigations(withoutByteOrderMark(edmx));
    return TypeGraphReader.read(serviceMetadata(name, document).getEdm());
  }

  /**
   * Each index named by entity type must name a type some place holds (or one derived from it) and properties of
   * it that are kept in a column of their own: primitives and enums, not complex values or collections.
   */
  private void checkTypeIndexes() {
    for (Map.Entry<String, List<List<String>>> entry : typeIndexes.entrySet()) {
      dev.graphmock.model.StructuredType type = typeGraph.type(entry.getKey()).filter(
          candidate -> typeGraph.paths().stream().anyMatch(path -> candidate.isA(path.type())))
          .orElseThrow(() -> new SchemaException("the settings of schema '" + name + "' name indexes of '"
              + entry.getKey() + "', which is no entity type a place of the schema holds"));
      for (List<String> index : entry.getValue()) {
        if (index.isEmpty() || index.contains(type.keyName())) {
          throw new SchemaException("index " + index + " of " + type.qualifiedName() + " names "
              + (index.isEmpty() ? "no property" : "the key '" + type.keyName() + "', which ends every index already"));
        }
        for (String property : index) {
          dev.graphmock.model.ValueType valueType = type.property(property).map(dev.graphmock.model.Property::type)
              .orElseThrow(() -> new SchemaException("index " + index + " of " + type.qualifiedName() + " names '"
                  + property + "', which it does not have"));
          if (!(valueType instanceof dev.graphmock.model.ValueType.Primitive)
              && !(valueType instanceof dev.graphmock.model.ValueType.Enumeration)) {
            throw new SchemaException("index " + index + " of " + type.qualifiedName() + " names '" + property
                + "' of type " + valueType.qualifiedName() + ": only primitive and enum properties can be indexed");
          }
        }
      }
    }
  }

  /** The indexes of a schema the engine serves, by entity type (qualified name): each a list of property names. */
  public Map<String, List<List<String>>> typeIndexes() {
    return typeIndexes;
  }

  /** Indexes to keep, each a list of property names. */
  public List<List<String>> indexes() {
    return indexes;
  }

  /** The permissions each operation accepts, by operation name (read, create, update, delete); empty if none. */
  public Map<String, List<String>> permissions() {
    return permissions;
  }

  /** What the settings name; {@code defaultSet} and {@code betaOnly} null where they do not say. */
  private record Settings(List<List<String>> indexes, Map<String, List<List<String>>> typeIndexes,
                          Map<String, List<String>> permissions, String defaultSet, List<String> betaOnly) {
  }

  /**
   * Read with Jackson's streaming parser rather than a tree: the settings are two small lists, and the first
   * ObjectMapper a JVM makes costs a tenth of a second of start-up (BENCHMARKS.md). As a tree read them: an empty
   * file or {@code null} is no settings, a member that is {@code null} is none, a member given twice counts once
   * (the last), other members are ignored. A member of another shape, or text after the object, is refused by name
   * (a tree read these as no settings, silently).
   */
  private static Settings settings(String name, byte[] settings) {
    if (settings == null) {
      return new Settings(List.of(), Map.of(), Map.of(), null, null);
    }
    String invalid = "the settings of schema '" + name + "' ";
    List<List<String>> indexes = new ArrayList<>();
    Map<String, List<List<String>>> typeIndexes = new LinkedHashMap<>();
    Map<String, List<String>> permissions = new LinkedHashMap<>();
    String defaultSet = null;
    List<String> betaOnly = null;
    try (JsonParser parser = SETTINGS_JSON.createParser(settings)) {
      JsonToken top = parser.nextToken();
      if (top == null || top == JsonToken.VALUE_NULL) {
        return new Settings(List.of(), Map.of(), Map.of(), null, null);
      }
      expect(top == JsonToken.START_OBJECT, invalid + "are not a JSON object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String member = parser.currentName();
        JsonToken value = parser.nextToken();
        if (member.equals("indexes")) {
          indexes.clear();
          typeIndexes.clear();
          String notArrays = invalid + "have 'indexes' that is not an array of arrays, or an object of them by type";
          if (value == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String type = parser.currentName();
              expect(parser.nextToken() == JsonToken.START_ARRAY, notArrays);
              List<List<String>> ofType = new ArrayList<>();
              while (parser.nextToken() == JsonToken.START_ARRAY) {
                ofType.add(strings(parser, invalid + "have an index that is not an array of property names"));
              }
              expect(parser.currentToken() == JsonToken.END_ARRAY, notArrays);
              typeIndexes.put(type, List.copyOf(ofType));
            }
          } else if (value != JsonToken.VALUE_NULL) {
            expect(value == JsonToken.START_ARRAY, notArrays);
            while (parser.nextToken() == JsonToken.START_ARRAY) {
              indexes.add(strings(parser, invalid + "have an index that is not an array of property names"));
            }
            expect(parser.currentToken() == JsonToken.END_ARRAY, notArrays);
          }
        } else if (member.equals("permissions")) {
          permissions.clear();
          if (value != JsonToken.VALUE_NULL) {
            expect(value == JsonToken.START_OBJECT, invalid + "have 'permissions' that is not an object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String operation = parser.currentName();
              String notNames = invalid + "have permissions of '" + operation + "' that are not an array of names";
              JsonToken names = parser.nextToken();
              if (names == JsonToken.VALUE_NULL) {
                permissions.put(operation, List.of());
              } else {
                expect(names == JsonToken.START_ARRAY, notNames);
                permissions.put(operation, strings(parser, notNames));
              }
            }
          }
        } else if (member.equals("betaOnly")) {
          String notPaths = invalid + "have a 'betaOnly' that is not an array of paths, such as"
              + " [\"deviceManagement/autopilotEvents\"]";
          expect(value == JsonToken.START_ARRAY || value == JsonToken.VALUE_NULL, notPaths);
          betaOnly = value == JsonToken.VALUE_NULL ? null : strings(parser, notPaths);
        } else if (member.equals("defaultSet")) {
          expect(value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL, invalid + "have a 'defaultSet'"
              + " that is not the path of a collection, such as \"deviceManagement/autopilotEvents\"");
          defaultSet = value == JsonToken.VALUE_NULL ? null : parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new SchemaException(invalid + "are not valid JSON: more follows the object");
      }
    } catch (java.io.IOException e) {
      throw new SchemaException(invalid + "are not valid JSON: " + e.getMessage(), e);
    }
    return new Settings(List.copyOf(indexes), Collections.unmodifiableMap(typeIndexes), Map.copyOf(permissions),
        defaultSet, betaOnly);
  }

  /** The strings of the array the parser has just entered, up to its end. */
  private static List<String> strings(JsonParser parser, String notStrings) throws java.io.IOException {
    List<String> values = new ArrayList<>();
    while (parser.nextToken() == JsonToken.VALUE_STRING) {
      values.add(parser.getText());
    }
    expect(parser.currentToken() == JsonToken.END_ARRAY, notStrings);
    return List.copyOf(values);
  }

  private static void expect(boolean shape, String otherwise) {
    if (!shape) {
      throw new SchemaException(otherwise);
    }
  }

  /**
   * {@link #enumTypeByProperty()}, where the properties of {@code qualifiedType} and of the types derived from it
   * (the entities a request addresses) take precedence: a name two enum types share in the schema (Graph's
   * {@code deviceType}) is that type's own, and one that is not an enum there is none. For the names a filter
   * writes on their own (a path's later names are looked up in the whole map); only for a schema the engine serves,
   * the whole map when the type is null or not a structured type of the schema.
   */
  Map<String, EnumDef> enumTypeByProperty(String qualifiedType) {
    Map<String, EnumDef> types = enumTypeByProperty();
    dev.graphmock.model.StructuredType addressed = qualifiedType == null || entity != null ? null
        : typeGraph().type(qualifiedType).orElse(null);
    if (addressed == null) {
      return types;
    }
    Map<String, EnumDef> own = new LinkedHashMap<>();
    java.util.Set<String> ambiguous = new java.util.HashSet<>();
    for (dev.graphmock.model.StructuredType type : addressed.family()) {
      // A property of another kind is never an enum's, whatever other types call an enum by its name.
      collectEnums(type.properties(), own, ambiguous, true);
    }
    ambiguous.forEach(types::remove);
    own.keySet().removeAll(ambiguous);
    types.putAll(own);
    return types;
  }

  /**
   * Puts the enum type of each of {@code properties} holding enum members (or a collection of them) by its name
   * into {@code enums}, and into {@code ambiguous} each name that means two enum types (or, when
   * {@code othersAmbiguous}, a property of another kind too).
   */
  private static void collectEnums(List<dev.graphmock.model.Property> properties, Map<String, EnumDef> enums,
                                   java.util.Set<String> ambiguous, boolean othersAmbiguous) {
    for (dev.graphmock.model.Property property : properties) {
      dev.graphmock.model.ValueType valueType = property.type();
      if (valueType instanceof dev.graphmock.model.ValueType.Collection collection) {
        valueType = collection.element();
      }
      if (valueType instanceof dev.graphmock.model.ValueType.Enumeration enumeration) {
        EnumDef before = enums.putIfAbsent(property.name(), enumeration.type());
        if (before != null && !before.equals(enumeration.type())) {
          ambiguous.add(property.name());
        }
      } else if (othersAmbiguous) {
        ambiguous.add(property.name());
      }
    }
  }

  /**
   * The enum type of each enum-typed property of the entity; for a schema the engine serves, of every structured
   * type's (or collection of them), where the name means one enum type throughout the schema.
   */
  Map<String, EnumDef> enumTypeByProperty() {
    Map<String, EnumDef> types = new LinkedHashMap<>();
    if (entity == null) {
      // Every structured type's enum properties (or collections of enums), by name, where the name means one enum
      // type throughout the schema: a filter names them on any place, in paths and lambdas.
      java.util.Set<String> ambiguous = new java.util.HashSet<>();
      for (dev.graphmock.model.StructuredType type : typeGraph().types().values()) {
        collectEnums(type.declaredProperties(), types, ambiguous, false);
      }
      ambiguous.forEach(types::remove);
      return types;
    }
    for (PropertyDef property : entity.properties()) {
      if (property.enumType() != null) {
        types.put(property.name(), property.enumType());
      }
    }
    return types;
  }

  byte[] metadataJson() {
    return metadataJson;
  }

  byte[] metadataXml() {
    return metadataXml;
  }

  ServiceMetadata serviceMetadata() {
    return serviceMetadata;
  }

  EdmSingleton singleton() {
    return singleton;
  }

  EdmNavigationProperty collection() {
    return collection;
  }

  /** The namespace-qualified name of the type {@code name} names (by namespace or alias), if the model has one. */
  public Optional<String> resolveTypeName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return Optional.empty();
    }
    FullQualifiedName qualified = new FullQualifiedName(name);
    Edm edm = serviceMetadata.getEdm();
    EdmType type = Optional.<EdmType>ofNullable(edm.getEntityType(qualified))
        .or(() -> Optional.ofNullable(edm.getComplexType(qualified)))
        .or(() -> Optional.ofNullable(edm.getEnumType(qualified)))
        .orElse(null);
    if (type == null) {
      try {
        return Optional.of(EdmPrimitiveTypeKind.valueOfFQN(name).getFullQualifiedName().getFullQualifiedNameAsString());
      } catch (IllegalArgumentException notPrimitive) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(type).map(found -> found.getFullQualifiedName().getFullQualifiedNameAsString());
  }

  /**
   * The served collection's type as the flat row the store keeps: its properties, each a primitive the store has a
   * column for or a plain enum. Other values (complex, collections, flags) are read into the type graph, and are
   * refused here until the store keeps them.
   */
  private static EntityDef entityDef(StructuredType type) {
    List<PropertyDef> properties = new ArrayList<>();
    for (Property property : type.properties()) {
      properties.add(propertyDef(type, property));
    }
    String key = type.keyName();
    properties.sort((a, b) -> a.name().equals(key) ? -1 : b.name().equals(key) ? 1 : 0);
    try {
      return new EntityDef(type.qualifiedName(), key, properties);
    } catch (IllegalArgumentException e) {
      throw new SchemaException(e.getMessage(), e);
    }
  }

  private static PropertyDef propertyDef(StructuredType owner, Property property) {
    String where = owner.qualifiedName() + "/" + property.name();
    if (property.type() instanceof ValueType.Enumeration enumeration) {
      if (enumeration.type().flags()) {
        throw new SchemaException(where + ": flags enums are not supported in the served collection yet");
      }
      return new PropertyDef(property.name(), PropertyKind.ENUM, property.nullable(), enumeration.type());
    }
    if (!(property.type() instanceof ValueType.Primitive primitive)) {
      throw new SchemaException(where + ": " + property.type().qualifiedName() + " values are not supported in the"
          + " served collection yet");
    }
    PropertyKind kind = switch (primitive.kind()) {
      case STRING -> PropertyKind.STRING;
      case BOOLEAN -> PropertyKind.BOOLEAN;
      case INT32 -> PropertyKind.INT32;
      case INT64 -> PropertyKind.INT64;
      case DOUBLE -> PropertyKind.DOUBLE;
      case DATE_TIME_OFFSET -> PropertyKind.DATE_TIME_OFFSET;
      case DURATION -> PropertyKind.DURATION;
      default -> throw new SchemaException(where + ": " + primitive.kind().qualifiedName() + " is not supported in"
          + " the served collection yet");
    };
    return new PropertyDef(property.name(), kind, property.nullable(), null);
  }

  private static InputStream refuseRemoteReference(java.net.URI uri, String xmlBase) {
    // Olingo would fetch any reference but its bundled core vocabularies over the network; a mock must not.
    throw new SchemaException("edmx:Reference " + uri + " is not available offline; only the OData Core,"
        + " Capabilities and Measures vocabularies can be referenced");
  }

  private static byte[] withoutByteOrderMark(byte[] document) {
    if (document.length >= 3 && (document[0] & 0xFF) == 0xEF && (document[1] & 0xFF) == 0xBB
        && (document[2] & 0xFF) == 0xBF) {
      return java.util.Arrays.copyOfRange(document, 3, document.length);
    }
    return document;
  }
}
