package dev.graphmock.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmAnnotatable;
import org.apache.olingo.commons.api.edm.EdmAnnotation;
import org.apache.olingo.commons.api.edm.EdmEntityContainer;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.EdmSchema;
import org.apache.olingo.commons.api.edm.EdmSingleton;
import org.apache.olingo.commons.api.edm.EdmStructuredType;

/**
 * The model as CSDL JSON (OData CSDL JSON; $Version 4.0, as the XML document and every OData-Version header say), for {@code $metadata?$format=json}. Olingo 5.0.0 has a JSON
 * CSDL serializer, but its output fails the OASIS schema: enum member values as strings, {@code $Kind} on
 * singletons, no {@code $EntityContainer} (and it breaks on unresolved annotation terms, docs/olingo-5.md §6). This
 * writes what graphmock's schemas use (enum and entity types, properties, containment, singletons, constant
 * annotations) from the same EDM the XML was parsed into.
 *
 * <p>JSON CSDL defaults differ from XML: {@code $Nullable} is false unless written, {@code $Type} is
 * {@code Edm.String} unless written.
 */
final class JsonCsdl {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonCsdl() {
  }

  static byte[] of(Edm edm) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("$Version", "4.0");
      EdmEntityContainer container = edm.getEntityContainer();
      if (container != null) {
        json.writeStringField("$EntityContainer", container.getFullQualifiedName().getFullQualifiedNameAsString());
      }
      for (EdmSchema schema : edm.getSchemas()) {
        if (schema.getNamespace().startsWith("Org.OData.")) {
          continue;
        }
        schema(json, schema);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void schema(JsonGenerator json, EdmSchema schema) throws IOException {
    json.writeObjectFieldStart(schema.getNamespace());
    if (schema.getAlias() != null) {
      json.writeStringField("$Alias", schema.getAlias());
    }
    for (EdmEnumType type : schema.getEnumTypes()) {
      json.writeObjectFieldStart(type.getName());
      json.writeStringField("$Kind", "EnumType");
      if (type.isFlags()) {
        json.writeBooleanField("$IsFlags", true);
      }
      for (String member : type.getMemberNames()) {
        json.writeNumberField(member, Long.parseLong(type.getMember(member).getValue()));
      }
      json.writeEndObject();
    }
    for (EdmEntityType type : schema.getEntityTypes()) {
      entityType(json, type);
    }
    EdmEntityContainer container = schema.getEntityContainer();
    if (container != null) {
      json.writeObjectFieldStart(container.getName());
      json.writeStringField("$Kind", "EntityContainer");
      for (EdmSingleton singleton : container.getSingletons()) {
        json.writeObjectFieldStart(singleton.getName());
        json.writeStringField("$Type", singleton.getEntityType().getFullQualifiedName().getFullQualifiedNameAsString());
        annotations(json, singleton);
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void entityType(JsonGenerator json, EdmEntityType type) throws IOException {
    json.writeObjectFieldStart(type.getName());
    json.writeStringField("$Kind", "EntityType");
    if (type.getBaseType() != null) {
      json.writeStringField("$BaseType", type.getBaseType().getFullQualifiedName().getFullQualifiedNameAsString());
    }
    if (type.isAbstract()) {
      json.writeBooleanField("$Abstract", true);
    }
    if (type.getBaseType() == null && !type.getKeyPredicateNames().isEmpty()) {
      json.writeArrayFieldStart("$Key");
      for (String key : type.getKeyPredicateNames()) {
        json.writeString(key);
      }
      json.writeEndArray();
    }
    for (String name : declared(type, type.getPropertyNames())) {
      EdmProperty property = type.getStructuralProperty(name);
      json.writeObjectFieldStart(name);
      if (property.isCollection()) {
        json.writeBooleanField("$Collection", true);
      }
      String typeName = property.getType().getFullQualifiedName().getFullQualifiedNameAsString();
      if (!typeName.equals("Edm.String")) {
        json.writeStringField("$Type", typeName);
      }
      if (property.isNullable()) {
        json.writeBooleanField("$Nullable", true);
      }
      annotations(json, property);
      json.writeEndObject();
    }
    for (String name : declared(type, type.getNavigationPropertyNames())) {
      EdmNavigationProperty navigation = type.getNavigationProperty(name);
      json.writeObjectFieldStart(name);
      json.writeStringField("$Kind", "NavigationProperty");
      json.writeStringField("$Type", navigation.getType().getFullQualifiedName().getFullQualifiedNameAsString());
      if (navigation.isCollection()) {
        json.writeBooleanField("$Collection", true);
      }
      if (navigation.containsTarget()) {
        json.writeBooleanField("$ContainsTarget", true);
      }
      annotations(json, navigation);
      json.writeEndObject();
    }
    annotations(json, type);
    json.writeEndObject();
  }

  /** The names {@code type} declares itself, without those it inherits (JSON CSDL lists those on the base). */
  private static java.util.List<String> declared(EdmStructuredType type, java.util.List<String> names) {
    EdmStructuredType base = type.getBaseType();
    if (base == null) {
      return names;
    }
    java.util.List<String> own = new java.util.ArrayList<>(names);
    own.removeAll(base.getPropertyNames());
    own.removeAll(base.getNavigationPropertyNames());
    return own;
  }

  private static void annotations(JsonGenerator json, EdmAnnotatable annotatable) throws IOException {
    for (EdmAnnotation annotation : annotatable.getAnnotations()) {
      if (annotation.getExpression() == null || !annotation.getExpression().isConstant()) {
        continue;
      }
      String term = "@" + annotation.getTerm().getFullQualifiedName().getFullQualifiedNameAsString()
          + (annotation.getQualifier() == null ? "" : "#" + annotation.getQualifier());
      json.writeStringField(term, annotation.getExpression().asConstant().getValueAsString());
    }
  }
}
