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
 * Writes the parameter types of actions and functions with their namespace where the document wrote an alias, before
 * Olingo builds its EDM. Graph's CSDL binds its operations with the alias ({@code Type="graph.windowsAutopilot…"}),
 * and Olingo 5.0.0 finds a bound operation by comparing the binding parameter's type as written with the
 * namespace-qualified type of the path segment before it, so every bound operation of Graph's document would be
 * "not found" (docs/olingo-5.md). {@code $metadata} is still served as the document wrote it.
 */
final class OperationAliases {
  private OperationAliases() {
  }

  static void resolve(SchemaBasedEdmProvider provider) throws ODataException {
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
