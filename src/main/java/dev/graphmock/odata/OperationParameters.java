package dev.graphmock.odata;

import java.util.HashMap;
import java.util.Map;
import org.apache.olingo.commons.api.edm.provider.CsdlAliasInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlOperation;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;
import org.apache.olingo.commons.api.ex.ODataException;
import org.apache.olingo.server.core.SchemaBasedEdmProvider;

/**
 * The parameters of actions and functions as the document declares them, set right in what Olingo's parser made of
 * them before it builds its EDM (docs/olingo-5.md §11); {@code $metadata} is still served as the document wrote it.
 * <ul>
 * <li>Types written with the schema's alias get its namespace: Graph's CSDL binds its operations with the alias
 *     ({@code Type="graph.windowsAutopilot…"}), and Olingo 5.0.0 finds a bound operation by comparing the binding
 *     parameter's type as written with the namespace-qualified type of the segment before it, so every bound
 *     operation of Graph's document was "not found".</li>
 * <li>A parameter without a {@code Nullable} attribute may be null, as CSDL says (section 12.8: the default is
 *     true); Olingo's parser made it not nullable, so every optional parameter of Graph's actions was required.</li>
 * </ul>
 */
final class OperationParameters {
  private OperationParameters() {
  }

  static void resolve(SchemaBasedEdmProvider provider, byte[] document) throws ODataException {
    nullableByDefault(provider, document);
    Map<String, String> namespaces = new HashMap<>();
    for (CsdlAliasInfo alias : provider.getAliasInfos()) {
      namespaces.put(alias.getAlias(), alias.getNamespace());
    }
    if (namespaces.isEmpty()) {
      return;
    }
    for (CsdlSchema schema : provider.getSchemas()) {
      for (CsdlOperation operation : schema.getActions()) {
        resolve(operation, namespaces);
      }
      for (CsdlOperation operation : schema.getFunctions()) {
        resolve(operation, namespaces);
      }
    }
  }

  /**
   * Each parameter the document declares without {@code Nullable} made nullable: the operations of a schema, by
   * name in document order (overloads share a name), matched to the parser's by the same order.
   */
  private static void nullableByDefault(SchemaBasedEdmProvider provider, byte[] document) throws ODataException {
    java.util.Set<String> defaulted = new java.util.HashSet<>();
    try {
      javax.xml.stream.XMLInputFactory factory = javax.xml.stream.XMLInputFactory.newFactory();
      factory.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
      factory.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      javax.xml.stream.XMLStreamReader xml = factory.createXMLStreamReader(new java.io.ByteArrayInputStream(document));
      String namespace = null;
      String operation = null;
      Map<String, Integer> seen = new HashMap<>();
      while (xml.hasNext()) {
        if (xml.next() != javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String element = xml.getLocalName();
        if (element.equals("Schema")) {
          namespace = xml.getAttributeValue(null, "Namespace");
          seen.clear();
        } else if (element.equals("Action") || element.equals("Function")) {
          String name = xml.getAttributeValue(null, "Name");
          int index = seen.merge(element + " " + name, 1, Integer::sum) - 1;
          operation = element + " " + namespace + "." + name + " " + index;
        } else if (element.equals("Parameter") && operation != null
            && xml.getAttributeValue(null, "Nullable") == null) {
          defaulted.add(operation + " " + xml.getAttributeValue(null, "Name"));
        }
      }
    } catch (javax.xml.stream.XMLStreamException e) {
      return; // Olingo has read the document; one it cannot read never gets here.
    }
    for (CsdlSchema schema : provider.getSchemas()) {
      mark(schema.getNamespace(), "Action", schema.getActions(), defaulted);
      mark(schema.getNamespace(), "Function", schema.getFunctions(), defaulted);
    }
  }

  private static void mark(String namespace, String element, java.util.List<? extends CsdlOperation> operations,
                           java.util.Set<String> defaulted) {
    Map<String, Integer> seen = new HashMap<>();
    for (CsdlOperation operation : operations) {
      int index = seen.merge(operation.getName(), 1, Integer::sum) - 1;
      for (CsdlParameter parameter : operation.getParameters()) {
        if (defaulted.contains(element + " " + namespace + "." + operation.getName() + " " + index + " "
            + parameter.getName())) {
          parameter.setNullable(true);
        }
      }
    }
  }

  private static void resolve(CsdlOperation operation, Map<String, String> namespaces) {
    for (CsdlParameter parameter : operation.getParameters()) {
      String type = parameter.getType();
      int dot = type == null ? -1 : type.lastIndexOf('.');
      String namespace = dot < 0 ? null : namespaces.get(type.substring(0, dot));
      if (namespace != null) {
        parameter.setType(namespace + type.substring(dot));
      }
    }
  }
}
