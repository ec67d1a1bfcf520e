package dev.graphmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Entities for every collection of a schema the engine serves, made from the schema alone (it names no type), as a
 * document of {@link PlaceDocuments}' form for its import to check and keep: {@code count} in each collection that
 * no entity contains, up to two under each entity for a collection an entity contains, every property given a value
 * of its type (strings from the property's name and the entity's number, enum members, complex values of a concrete
 * type, up to two members of a collection), a concrete type where the declared one is abstract, and each
 * single-valued link that does not contain its target pointing at an entity of its target's place, two times in
 * three. The same seed makes the same document; instants fall in the half year before {@code until}.
 */
final class PlaceGenerator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final long HALF_YEAR_SECONDS = 182L * 24 * 3600;
  /** Complex values deeper than this are null (or empty collections) where the schema allows it. */
  private static final int DEEPEST = 3;
  /** The most entities one call makes in all (the document is made in memory before it is kept). */
  static final int MAX_ENTITIES = 200_000;

  private final TypeGraph graph;

  PlaceGenerator(TypeGraph graph) {
    this.graph = graph;
  }

  /** The document: {@code {"places":{PATH:[entity, …], …}}}. */
  ObjectNode document(int count, long seed, Instant until) {
    Random random = new Random(seed);
    ObjectNode places = NODES.objectNode();
    // each generated entity's keys, outermost first, and its type, by place
    Map<String, List<Made>> made = new HashMap<>();
    int[] total = {0};
    List<Runnable> links = new ArrayList<>();
    for (EntitySetPath place : graph.paths()) {
      if (!place.isCollection()) {
        continue;
      }
      EntitySetPath container = place.parent().orElse(null);
      while (container != null && !container.isCollection()) {
        container = container.parent().orElse(null);
      }
      List<Made> parents = container == null ? List.of(new Made(List.of(), null))
          : made.getOrDefault(container.name(), List.of());
      // a navigation a derived type declares contains entities under the parents of that type only
      EntitySetPath direct = place.parent().orElse(null);
      boolean filtered = direct != null && direct == container;
      ArrayNode entities = places.putArray(place.name());
      List<Made> keys = new ArrayList<>();
      int number = 0;
      for (Made parent : parents) {
        if (filtered && parent.type().navigation(place.segment()).isEmpty()) {
          continue;
        }
        int here = container == null ? count : random.nextInt(3);
        for (int i = 0; i < here; i++) {
          if (++total[0] > MAX_ENTITIES) {
            throw new Refused(400, "generate would make more than " + MAX_ENTITIES + " entities across this"
                + " schema's places; ask for a smaller count");
          }
          ObjectNode entity = entities.addObject();
          if (!parent.keys().isEmpty()) {
            ArrayNode within = entity.putArray("@graphmock.parents");
            parent.keys().forEach(within::add);
          }
          StructuredType type = concrete(place.type(), random);
          entity.put("@odata.type", "#" + type.qualifiedName());
          String key = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
          number++;
          for (Property property : type.properties()) {
            entity.set(property.name(), property.name().equals(type.keyName()) ? NODES.textNode(key)
                : value(property.name(), property.name(), property.type(), property.nullable(), number, random,
                    until, 0));
          }
          for (Navigation navigation : type.navigations()) {
            EntitySetPath target = navigation.contained() || navigation.collection() ? null
                : place.target(navigation.name()).orElse(null);
            if (target != null && target.isCollection() && random.nextInt(3) < 2) {
              int pick = random.nextInt(Integer.MAX_VALUE);
              // after every place is made: a link may point at a place later in the schema
              links.add(() -> {
                List<Made> targets = made.getOrDefault(target.name(), List.of()).stream()
                    .filter(candidate -> candidate.type().isA(navigation.target())).toList();
                if (!targets.isEmpty()) {
                  ArrayNode to = entity.putArray(navigation.name() + "@graphmock.link");
                  targets.get(pick % targets.size()).keys().forEach(to::add);
                }
              });
            }
          }
          List<String> chain = new ArrayList<>(parent.keys());
          chain.add(key);
          keys.add(new Made(chain, type));
        }
      }
      made.put(place.name(), keys);
    }
    links.forEach(Runnable::run);
    ObjectNode document = NODES.objectNode();
    document.set("places", places);
    return document;
  }

  /** An entity made, by its keys (outermost first) and its concrete type. */
  private record Made(List<String> keys, StructuredType type) {
  }

  /** What this generator will not make (400) or cannot make for a schema (501): said, nothing kept. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** {@code type} where it is concrete, else one of the concrete types derived from it (null: none is). */
  private static StructuredType concrete(StructuredType type, Random random) {
    List<StructuredType> concrete = type.family().stream().filter(candidate -> !candidate.isAbstract()).toList();
    if (concrete.isEmpty()) {
      return null;
    }
    return concrete.contains(type) && random.nextInt(2) == 0 ? type : concrete.get(random.nextInt(concrete.size()));
  }

  /**
   * A value of {@code type} for the property at {@code path}; {@code depth} complex values deep. Past {@link
   * #DEEPEST} a nullable value is null and a collection empty (a complex type may contain itself); one that can be
   * neither, or a value no member of the schema can make (an abstract complex type with no concrete one, an enum
   * without members), is {@link Refused}.
   */
  private JsonNode value(String name, String path, ValueType type, boolean nullable, int number, Random random,
                         Instant until, int depth) {
    if (type instanceof ValueType.Collection collection) {
      ArrayNode items = NODES.arrayNode();
      for (int i = depth >= DEEPEST ? 0 : random.nextInt(3); i > 0; i--) {
        items.add(value(name, path + "[]", collection.element(), false, number, random, until, depth + 1));
      }
      return items;
    }
    if (type instanceof ValueType.Enumeration enumeration) {
      if (enumeration.type().members().isEmpty()) {
        return unmade(path, nullable, enumeration.type().qualifiedName() + " has no members");
      }
      return NODES.textNode(member(enumeration.type(), random));
    }
    if (type instanceof ValueType.Complex complex) {
      StructuredType concrete = concrete(complex.type(), random);
      if (concrete == null) {
        return unmade(path, nullable, complex.type().qualifiedName() + " is abstract, and no type derives from it");
      }
      if (depth >= DEEPEST && nullable) {
        return NODES.nullNode();
      }
      if (depth >= DEEPEST * 2) {
        return unmade(path, false, complex.type().qualifiedName() + " holds itself without end");
      }
      ObjectNode value = NODES.objectNode();
      if (concrete != complex.type()) {
        value.put("@odata.type", "#" + concrete.qualifiedName());
      }
      for (Property property : concrete.properties()) {
        value.set(property.name(), value(property.name(), path + "." + property.name(), property.type(),
            property.nullable(), number, random, until, depth + 1));
      }
      return value;
    }
    Instant instant = until.minusSeconds(1 + (long) (random.nextDouble() * HALF_YEAR_SECONDS))
        .truncatedTo(ChronoUnit.SECONDS);
    return switch (((ValueType.Primitive) type).kind()) {
      case STRING -> NODES.textNode(name + " " + number);
      case BOOLEAN -> NODES.booleanNode(random.nextBoolean());
      case BYTE -> NODES.numberNode(random.nextInt(256));
      case SBYTE -> NODES.numberNode(random.nextInt(256) - 128);
      case INT16 -> NODES.numberNode(random.nextInt(1000));
      case INT32 -> NODES.numberNode(random.nextInt(100_000));
      case INT64 -> NODES.numberNode((long) random.nextInt(1_000_000) * 1000);
      case SINGLE, DOUBLE -> NODES.numberNode(random.nextInt(100_000) / 100.0);
      case DECIMAL -> NODES.numberNode(java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
      case GUID -> NODES.textNode(new java.util.UUID(random.nextLong(), random.nextLong()).toString());
      case BINARY -> {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        yield NODES.textNode(java.util.Base64.getEncoder().encodeToString(bytes));
      }
      case DATE -> NODES.textNode(LocalDate.ofInstant(instant, ZoneOffset.UTC).toString());
      case TIME_OF_DAY -> {
        int second = random.nextInt(86_400);
        yield NODES.textNode(String.format("%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60));
      }
      case DATE_TIME_OFFSET -> NODES.textNode(instant.toString());
      case DURATION -> NODES.textNode("PT" + (1 + random.nextInt(90)) + "M" + random.nextInt(60) + "S");
    };
  }

  private static JsonNode unmade(String path, boolean nullable, String why) {
    if (nullable) {
      return NODES.nullNode();
    }
    throw new Refused(501, "graphmock cannot make a value for " + path + ": " + why);
  }

  /** A member of {@code type}; of a flags enum, one or two joined by a comma. */
  private static String member(EnumDef type, Random random) {
    List<String> names = List.copyOf(type.members().keySet());
    String one = names.get(random.nextInt(names.size()));
    if (!type.flags() || names.size() < 2 || random.nextBoolean()) {
      return one;
    }
    String other = names.get(random.nextInt(names.size()));
    return other.equals(one) ? one : one + "," + other;
  }
}
