package dev.graphmock.odata;

import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.Operation;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmAction;
import org.apache.olingo.commons.api.edm.EdmBindingTarget;
import org.apache.olingo.commons.api.edm.EdmComplexType;
import org.apache.olingo.commons.api.edm.EdmEntityContainer;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmFunction;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmNavigationPropertyBinding;
import org.apache.olingo.commons.api.edm.EdmOperation;
import org.apache.olingo.commons.api.edm.EdmParameter;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.EdmReturnType;
import org.apache.olingo.commons.api.edm.EdmSchema;
import org.apache.olingo.commons.api.edm.EdmStructuredType;
import org.apache.olingo.commons.api.edm.EdmType;

/**
 * Reads the {@link TypeGraph} out of Olingo's EDM, once per schema: every entity, complex and enum type of every
 * schema of the document, the container's singletons, entity sets and navigation property bindings, and the bound
 * operations. What the engine cannot serve is refused with a {@link SchemaException} naming the element (a
 * property of {@code Edm.Stream} or a spatial type, a composite key, recursive containment), which stops the start
 * with one line and exit 2, never a 500 later.
 */
final class TypeGraphReader {
  private final TypeGraph.Builder graph = new TypeGraph.Builder();

  private TypeGraphReader() {
  }

  static TypeGraph read(Edm edm) {
    TypeGraphReader reader = new TypeGraphReader();
    try {
      reader.readAll(edm);
      return reader.graph.build();
    } catch (IllegalArgumentException e) {
      throw new SchemaException(e.getMessage(), e);
    }
  }

  private void readAll(Edm edm) {
    List<EdmStructuredType> structured = new ArrayList<>();
    for (EdmSchema schema : edm.getSchemas()) {
      if (schema.getAlias() != null) {
        graph.alias(schema.getAlias(), schema.getNamespace());
      }
      for (EdmEnumType type : schema.getEnumTypes()) {
        graph.enumType(enumDef(type));
      }
      for (EdmEntityType type : schema.getEntityTypes()) {
        graph.type(name(type), StructuredType.Kind.ENTITY, type.isAbstract());
        structured.add(type);
      }
      for (EdmComplexType type : schema.getComplexTypes()) {
        graph.type(name(type), StructuredType.Kind.COMPLEX, type.isAbstract());
        structured.add(type);
      }
    }
    for (EdmStructuredType type : structured) {
      define(type);
    }
    for (EdmSchema schema : edm.getSchemas()) {
      for (EdmAction action : schema.getActions()) {
        operation(action, true);
      }
      for (EdmFunction function : schema.getFunctions()) {
        operation(function, false);
      }
    }
    EdmEntityContainer container = edm.getEntityContainer();
    if (container == null) {
      throw new SchemaException("the schema has no EntityContainer");
    }
    for (EdmBindingTarget singleton : container.getSingletons()) {
      graph.singleton(singleton.getName(), made(singleton.getEntityType()));
      bindings(singleton);
    }
    for (EdmBindingTarget set : container.getEntitySets()) {
      graph.entitySet(set.getName(), made(set.getEntityType()));
      bindings(set);
    }
  }

  private void bindings(EdmBindingTarget target) {
    for (EdmNavigationPropertyBinding binding : target.getNavigationPropertyBindings()) {
      graph.binding(target.getName(), binding.getPath(), binding.getTarget());
    }
  }

  /** Its base, its own properties and navigations (Olingo lists the inherited ones too), and an entity's key. */
  private void define(EdmStructuredType type) {
    StructuredType made = made(type);
    EdmStructuredType base = type.getBaseType();
    if (base != null) {
      graph.derive(made, made(base));
    }
    for (String name : type.getPropertyNames()) {
      if (base == null || base.getStructuralProperty(name) == null) {
        EdmProperty property = type.getStructuralProperty(name);
        String where = made.qualifiedName() + "/" + name;
        graph.property(made, new Property(name, valueType(typeOf(property::getType, where), property.isCollection(),
            where), property.isNullable()));
      }
    }
    for (String name : type.getNavigationPropertyNames()) {
      if (base == null || base.getNavigationProperty(name) == null) {
        EdmNavigationProperty navigation = type.getNavigationProperty(name);
        graph.navigation(made, new Navigation(name, made(navigation.getType()), navigation.isCollection(),
            navigation.containsTarget(), navigation.isNullable()));
      }
    }
    boolean inherited = base instanceof EdmEntityType baseEntity && !baseEntity.getKeyPredicateNames().isEmpty();
    if (type instanceof EdmEntityType entity && !inherited) {
      List<String> keys = entity.getKeyPredicateNames();
      if (keys.size() > 1) {
        throw new SchemaException(made.qualifiedName() + " has a key of " + keys.size() + " properties; Graph's"
            + " entities have one (id), and only such keys are served");
      }
      if (keys.size() == 1) {
        graph.key(made, keys.get(0));
      }
    }
  }

  private void operation(EdmOperation operation, boolean action) {
    String where = operation.getFullQualifiedName().getFullQualifiedNameAsString();
    Operation.Binding binding = null;
    List<String> names = new ArrayList<>(operation.getParameterNames());
    if (operation.isBound()) {
      EdmParameter bindingParameter = operation.getParameter(names.remove(0));
      EdmType type = bindingParameter.getType();
      if (!(type instanceof EdmEntityType entity)) {
        // Graph binds a few operations to complex values and primitives; a URL can only reach entities.
        return;
      }
      binding = new Operation.Binding(made(entity), bindingParameter.isCollection());
    }
    List<Operation.Parameter> parameters = new ArrayList<>();
    for (String name : names) {
      EdmParameter parameter = operation.getParameter(name);
      parameters.add(new Operation.Parameter(name, valueType(typeOf(parameter::getType, where + "/" + name),
          parameter.isCollection(), where + "/" + name), parameter.isNullable()));
    }
    EdmReturnType returned = operation.getReturnType();
    graph.operation(new Operation(where, action, binding, parameters, returned == null ? null
        : valueType(returned.getType(), returned.isCollection(), where + " (its return type)"),
        returned == null || returned.isNullable()));
  }

  /**
   * The type of a value; an entity type here (an operation's parameter or result) travels as its structure does,
   * so it is read as a structured value of that type.
   */
  private ValueType valueType(EdmType type, boolean collection, String where) {
    ValueType single = switch (type.getKind()) {
      case PRIMITIVE -> new ValueType.Primitive(EdmPrimitive.of(type.getFullQualifiedName()
          .getFullQualifiedNameAsString()).orElseThrow(() -> new SchemaException(where + ": "
          + type.getFullQualifiedName() + " is not served (no Graph type of the Autopilot surface uses it)")));
      case ENUM -> new ValueType.Enumeration(graph.enumType(name(type)).orElseThrow());
      case COMPLEX, ENTITY -> new ValueType.Complex(made((EdmStructuredType) type));
      default -> throw new SchemaException(where + ": a value of kind " + type.getKind() + " is not served");
    };
    return collection ? new ValueType.Collection(single) : single;
  }

  /** A property's or parameter's type; one the document does not declare is named, not Olingo's exception. */
  private static EdmType typeOf(java.util.function.Supplier<EdmType> type, String where) {
    try {
      return type.get();
    } catch (org.apache.olingo.commons.api.edm.EdmException e) {
      throw new SchemaException(where + ": its type is not declared in the schema (" + e.getMessage() + ")", e);
    }
  }

  private static EnumDef enumDef(EdmEnumType type) {
    Map<String, Long> members = new LinkedHashMap<>();
    for (String member : type.getMemberNames()) {
      members.put(member, Long.parseLong(type.getMember(member).getValue()));
    }
    return new EnumDef(name(type), members, type.isFlags());
  }

  private StructuredType made(EdmStructuredType type) {
    return graph.made(name(type)).orElseThrow(() -> new SchemaException(name(type) + " is not declared in the"
        + " schema"));
  }

  private static String name(EdmType type) {
    return type.getFullQualifiedName().getFullQualifiedNameAsString();
  }
}
