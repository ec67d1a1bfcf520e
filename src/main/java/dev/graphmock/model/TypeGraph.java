package dev.graphmock.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The schema as the engine serves it, read from the EDMX once: its entity and complex types (with inheritance),
 * its enums, the paths entities are served at (the container's singletons and entity sets and every path of
 * contained navigations below them, with where each other navigation points), and its bound operations. Plain
 * values: no Olingo, so that every layer may read it. Made by a {@link Builder}, which refuses (an
 * {@link IllegalArgumentException} naming it) what the engine cannot serve.
 */
public final class TypeGraph {
  private final Map<String, StructuredType> types;
  private final Map<String, EnumDef> enums;
  private final List<EntitySetPath> paths;
  private final Map<String, EntitySetPath> pathsByName;
  private final List<Operation> operations;
  private final Map<String, String> aliases;

  private TypeGraph(Map<String, StructuredType> types, Map<String, EnumDef> enums, List<EntitySetPath> paths,
                    List<Operation> operations, Map<String, String> aliases) {
    this.aliases = Map.copyOf(aliases);
    this.types = Collections.unmodifiableMap(types);
    this.enums = Collections.unmodifiableMap(enums);
    this.paths = List.copyOf(paths);
    Map<String, EntitySetPath> byName = new LinkedHashMap<>();
    paths.forEach(path -> byName.put(path.name().toLowerCase(Locale.ROOT), path));
    this.pathsByName = Collections.unmodifiableMap(byName);
    this.operations = List.copyOf(operations);
  }

  /** Every entity and complex type, by qualified name. */
  public Map<String, StructuredType> types() {
    return types;
  }

  /** The entity or complex type of this qualified name, in any case (Graph resolves names so). */
  public Optional<StructuredType> type(String qualifiedName) {
    StructuredType exact = types.get(qualifiedName);
    if (exact != null) {
      return Optional.of(exact);
    }
    return types.values().stream().filter(type -> type.qualifiedName().equalsIgnoreCase(qualifiedName)).findFirst();
  }

  public Map<String, EnumDef> enums() {
    return enums;
  }

  /** Each schema's namespace by its alias ({@code graph} → {@code microsoft.graph}), for names written either way. */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** Every served path, the container's first, each followed by what it contains (depth first). */
  public List<EntitySetPath> paths() {
    return paths;
  }

  /** The path of this name ({@code deviceManagement/autopilotEvents}), in any case. */
  public Optional<EntitySetPath> path(String name) {
    return Optional.ofNullable(pathsByName.get(name.toLowerCase(Locale.ROOT)));
  }

  public List<Operation> operations() {
    return operations;
  }

  /**
   * The operations of this name (without namespace, in any case) that can be called on {@code type} (an entity
   * of it, or a collection of them when {@code collection}): bound to the type or to one it derives from.
   */
  public List<Operation> operations(String name, StructuredType type, boolean collection) {
    List<Operation> found = new ArrayList<>();
    for (Operation operation : operations) {
      Operation.Binding binding = operation.binding();
      if (binding != null && binding.collection() == collection && type.isA(binding.type())
          && operation.name().equalsIgnoreCase(name)) {
        found.add(operation);
      }
    }
    return found;
  }

  /**
   * Collects a schema's elements in any order, then {@link #build}s the graph. Types are made before they are
   * defined, so that a type can name any other, itself included.
   */
  public static final class Builder {
    private final Map<String, StructuredType> types = new LinkedHashMap<>();
    private final Map<String, EnumDef> enums = new LinkedHashMap<>();
    /** The container's singletons and entity sets, by name. */
    private final Map<String, EntitySetPath> roots = new LinkedHashMap<>();
    /** The container's navigation property bindings: root name → (binding path → target set name). */
    private final Map<String, Map<String, String>> bindings = new LinkedHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    /** The schema of {@code namespace} is also named {@code alias}. */
    public void alias(String alias, String namespace) {
      aliases.put(alias, namespace);
    }

    public StructuredType type(String qualifiedName, StructuredType.Kind kind, boolean isAbstract) {
      StructuredType type = new StructuredType(qualifiedName, kind, isAbstract);
      types.put(qualifiedName, type);
      return type;
    }

    public Optional<StructuredType> made(String qualifiedName) {
      return Optional.ofNullable(types.get(qualifiedName));
    }

    public void enumType(EnumDef type) {
      enums.put(type.qualifiedName(), type);
    }

    public Optional<EnumDef> enumType(String qualifiedName) {
      return Optional.ofNullable(enums.get(qualifiedName));
    }

    public void derive(StructuredType type, StructuredType base) {
      if (type.kind() != base.kind()) {
        throw new IllegalArgumentException(type.qualifiedName() + " derives from " + base.qualifiedName()
            + ", which is not of its kind");
      }
      type.derivesFrom(base);
    }

    public void property(StructuredType type, Property property) {
      type.declare(property);
    }

    public void navigation(StructuredType type, Navigation navigation) {
      if (!type.isEntity() || !navigation.target().isEntity()) {
        throw new IllegalArgumentException(type.qualifiedName() + "/" + navigation.name()
            + ": a navigation leads from an entity type to an entity type");
      }
      type.declare(navigation);
    }

    public void key(StructuredType type, String propertyName) {
      type.key(propertyName);
    }

    public void singleton(String name, StructuredType type) {
      root(name, EntitySetPath.Kind.SINGLETON, type);
    }

    public void entitySet(String name, StructuredType type) {
      root(name, EntitySetPath.Kind.ENTITY_SET, type);
    }

    private void root(String name, EntitySetPath.Kind kind, StructuredType type) {
      if (!type.isEntity()) {
        throw new IllegalArgumentException("the container's " + name + " is of " + type.qualifiedName()
            + ", which is not an entity type");
      }
      roots.put(name, new EntitySetPath(name, kind, type, null));
    }

    /** A {@code NavigationPropertyBinding} of the container's {@code root}: {@code path} leads into {@code target}. */
    public void binding(String root, String path, String target) {
      bindings.computeIfAbsent(root, unused -> new LinkedHashMap<>()).put(path, target);
    }

    public void operation(Operation operation) {
      operations.add(operation);
    }

    public TypeGraph build() {
      for (StructuredType type : types.values()) {
        if (type.isEntity() && type.keyName() == null) {
          throw new IllegalArgumentException(type.qualifiedName() + " has no key (nor does any type it derives from)");
        }
        if (type.isEntity()) {
          Property key = type.property(type.keyName()).orElseThrow(() -> new IllegalArgumentException(
              type.qualifiedName() + ": its key " + type.keyName() + " is not one of its properties"));
          if (!(key.type() instanceof ValueType.Primitive primitive && primitive.kind() == EdmPrimitive.STRING)
              || key.nullable()) {
            throw new IllegalArgumentException(type.qualifiedName() + ": its key " + key.name() + " must be a"
                + " non-nullable Edm.String, as Graph's are");
          }
        }
      }
      types.values().forEach(StructuredType::seal);
      List<EntitySetPath> paths = new ArrayList<>();
      for (EntitySetPath root : roots.values()) {
        contain(root, paths, new ArrayList<>());
      }
      for (EntitySetPath path : paths) {
        point(path, paths);
      }
      return new TypeGraph(types, enums, paths, operations, aliases);
    }

    /** Adds {@code path} and, depth first, what the navigations of its type (and the types derived from it) contain. */
    private void contain(EntitySetPath path, List<EntitySetPath> paths, List<StructuredType> above) {
      if (above.contains(path.type())) {
        throw new IllegalArgumentException(path.name() + ": " + path.type().qualifiedName() + " contains itself"
            + " (through " + above.get(above.size() - 1).qualifiedName() + "); recursive containment is not served");
      }
      paths.add(path);
      above.add(path.type());
      for (StructuredType type : path.type().family()) {
        for (Navigation navigation : type.navigations()) {
          if (navigation.contained() && !path.contained().containsKey(navigation.name())) {
            EntitySetPath child = new EntitySetPath(path.name() + "/" + navigation.name(), navigation.collection()
                ? EntitySetPath.Kind.CONTAINED_COLLECTION : EntitySetPath.Kind.CONTAINED_SINGLE, navigation.target(),
                path);
            path.contain(navigation.name(), child);
            contain(child, paths, above);
          }
        }
      }
      above.remove(above.size() - 1);
    }

    /** Resolves where each navigation of {@code path}'s entities that does not contain its targets points. */
    private void point(EntitySetPath path, List<EntitySetPath> paths) {
      String root = path.name().contains("/") ? path.name().substring(0, path.name().indexOf('/')) : path.name();
      String below = path.name().length() > root.length() ? path.name().substring(root.length() + 1) + "/" : "";
      for (StructuredType type : path.type().family()) {
        for (Navigation navigation : type.navigations()) {
          if (navigation.contained() || path.targets().containsKey(navigation.name())) {
            continue;
          }
          String bound = bindings.getOrDefault(root, Map.of()).get(below + navigation.name());
          EntitySetPath target = bound != null ? pathNamed(bound, paths, path, navigation)
              : onlyPathOf(navigation.target(), paths, path, navigation);
          path.target(navigation.name(), target);
        }
      }
    }

    private static EntitySetPath pathNamed(String name, List<EntitySetPath> paths, EntitySetPath from,
                                           Navigation navigation) {
      return paths.stream().filter(path -> path.name().equals(name) && path.isCollection()).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(from.name() + "/" + navigation.name() + ": its"
              + " NavigationPropertyBinding names '" + name + "', which is no entity set or contained collection"));
    }

    /**
     * The one collection that holds entities of the navigation's type (or of a type it derives from, as Graph's
     * profiles are held as windowsAutopilotDeploymentProfile), the shallowest where several do (Graph's device
     * identities are held under deviceManagement, and under each profile as its assigned devices); more than one
     * at that depth leaves the schema to say which.
     */
    private static EntitySetPath onlyPathOf(StructuredType type, List<EntitySetPath> paths, EntitySetPath from,
                                            Navigation navigation) {
      List<EntitySetPath> all = paths.stream()
          .filter(path -> path.isCollection() && (type.isA(path.type()) || path.type().isA(type))).toList();
      int shallowest = all.stream().mapToInt(Builder::depth).min().orElse(0);
      List<EntitySetPath> holding = all.stream().filter(path -> depth(path) == shallowest).toList();
      if (holding.size() != 1) {
        throw new IllegalArgumentException(from.name() + "/" + navigation.name() + " refers to "
            + type.qualifiedName() + ", which " + (holding.isEmpty() ? "no entity set or contained collection holds"
            : "several collections hold (" + String.join(", ", holding.stream().map(EntitySetPath::name).toList())
            + ")") + "; a NavigationPropertyBinding in the container must say where");
      }
      return holding.get(0);
    }

    private static int depth(EntitySetPath path) {
      return path.name().split("/").length;
    }
  }
}
