package dev.graphmock.odata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Derives one EDMX document from another by removing elements, leaving everything else (comments, annotations,
 * order) as it was written: an entity type and the navigation properties that lead to it (how the {@code v1.0}
 * schema, which lacks the beta-only collection, is made from the one file in {@code metadata/}), and navigations
 * whose target type the document does not declare.
 */
final class EdmxEdit {
  private static final String EDM = "http://docs.oasis-open.org/odata/ns/edm";

  private EdmxEdit() {
  }

  /**
   * @param qualifiedType the entity type to remove, such as {@code microsoft.graph.deviceManagementAutopilotEvent}
   * @param navigation the name of the navigation properties to remove with it
   */
  static byte[] remove(byte[] edmx, String qualifiedType, String navigation) {
    try {
      Document document = parse(edmx);
      int dot = qualifiedType.lastIndexOf('.');
      String namespace = qualifiedType.substring(0, dot);
      String typeName = qualifiedType.substring(dot + 1);
      List<Element> doomed = new ArrayList<>();
      NodeList schemas = document.getElementsByTagNameNS(EDM, "Schema");
      for (int s = 0; s < schemas.getLength(); s++) {
        Element schema = (Element) schemas.item(s);
        boolean owner = namespace.equals(schema.getAttribute("Namespace"));
        NodeList types = schema.getElementsByTagNameNS(EDM, "EntityType");
        for (int t = 0; t < types.getLength(); t++) {
          Element type = (Element) types.item(t);
          if (owner && typeName.equals(type.getAttribute("Name"))) {
            doomed.add(type);
            continue;
          }
          NodeList navigations = type.getElementsByTagNameNS(EDM, "NavigationProperty");
          for (int n = 0; n < navigations.getLength(); n++) {
            Element property = (Element) navigations.item(n);
            if (navigation.equals(property.getAttribute("Name"))) {
              doomed.add(property);
            }
          }
        }
      }
      doomed.forEach(element -> element.getParentNode().removeChild(element));
      return write(document, edmx.length);
    } catch (Exception e) {
      throw new SchemaException("the schema could not be rewritten without " + qualifiedType + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The document without the navigation properties whose target type it does not declare, and without the
   * container's bindings of them: a slice of Graph's CSDL keeps a managed device's {@code users} though
   * {@code microsoft.graph.user} is not in it, which no OData client (nor Olingo) can resolve; Graph's own slicing
   * tools drop such navigations. The same bytes when there are none.
   */
  static byte[] withoutDanglingNavigations(byte[] edmx) {
    if (!mayDangle(new String(edmx, java.nio.charset.StandardCharsets.UTF_8))) {
      return edmx;
    }
    try {
      Document document = parse(edmx);
      NodeList schemas = document.getElementsByTagNameNS(EDM, "Schema");
      java.util.Set<String> declared = new java.util.HashSet<>();
      for (int s = 0; s < schemas.getLength(); s++) {
        Element schema = (Element) schemas.item(s);
        for (String kind : List.of("EntityType", "ComplexType", "EnumType", "TypeDefinition")) {
          NodeList types = schema.getElementsByTagNameNS(EDM, kind);
          for (int t = 0; t < types.getLength(); t++) {
            String name = ((Element) types.item(t)).getAttribute("Name");
            declared.add(schema.getAttribute("Namespace") + "." + name);
            if (!schema.getAttribute("Alias").isEmpty()) {
              declared.add(schema.getAttribute("Alias") + "." + name);
            }
          }
        }
      }
      List<Element> doomed = new ArrayList<>();
      java.util.Set<String> removedNames = new java.util.HashSet<>();
      NodeList navigations = document.getElementsByTagNameNS(EDM, "NavigationProperty");
      for (int n = 0; n < navigations.getLength(); n++) {
        Element navigation = (Element) navigations.item(n);
        String type = navigation.getAttribute("Type").replaceFirst("^Collection\\((.*)\\)$", "$1");
        if (!declared.contains(type)) {
          doomed.add(navigation);
          removedNames.add(navigation.getAttribute("Name"));
        }
      }
      if (doomed.isEmpty()) {
        return edmx;
      }
      NodeList bindings = document.getElementsByTagNameNS(EDM, "NavigationPropertyBinding");
      for (int b = 0; b < bindings.getLength(); b++) {
        Element binding = (Element) bindings.item(b);
        String path = binding.getAttribute("Path");
        if (removedNames.contains(path.substring(path.lastIndexOf('/') + 1))) {
          doomed.add(binding);
        }
      }
      doomed.forEach(element -> element.getParentNode().removeChild(element));
      return write(document, edmx.length);
    } catch (SchemaException e) {
      throw e;
    } catch (Exception e) {
      throw new SchemaException("the schema could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * The document without the navigation properties {@code navigations} names (by the qualified name of the entity
   * type that declares them, each a set of names), and then without each entity type of {@code types} (qualified
   * names) that nothing left in the document names any longer (a type, a base type, an entity set's), repeated until
   * none goes: how the {@code v1.0} schema of a schema the engine serves leaves out its beta-only places.
   */
  static byte[] withoutNavigations(byte[] edmx, java.util.Map<String, java.util.Set<String>> navigations,
                                   java.util.Set<String> types) {
    try {
      Document document = parse(edmx);
      NodeList schemas = document.getElementsByTagNameNS(EDM, "Schema");
      java.util.Map<String, Element> entityTypes = new java.util.LinkedHashMap<>();
      java.util.Map<String, String> aliases = new java.util.HashMap<>();
      for (int s = 0; s < schemas.getLength(); s++) {
        Element schema = (Element) schemas.item(s);
        String namespace = schema.getAttribute("Namespace");
        if (!schema.getAttribute("Alias").isEmpty()) {
          aliases.put(namespace, schema.getAttribute("Alias"));
        }
        NodeList declared = schema.getElementsByTagNameNS(EDM, "EntityType");
        for (int t = 0; t < declared.getLength(); t++) {
          Element type = (Element) declared.item(t);
          entityTypes.put(namespace + "." + type.getAttribute("Name"), type);
        }
      }
      navigations.forEach((owner, names) -> {
        Element type = entityTypes.get(owner);
        if (type == null) {
          return;
        }
        NodeList properties = type.getElementsByTagNameNS(EDM, "NavigationProperty");
        List<Element> doomed = new ArrayList<>();
        for (int n = 0; n < properties.getLength(); n++) {
          Element property = (Element) properties.item(n);
          if (names.contains(property.getAttribute("Name")) && property.getParentNode() == type) {
            doomed.add(property);
          }
        }
        doomed.forEach(element -> type.removeChild(element));
      });
      // A binding of the container whose path goes through a navigation that went would name nothing.
      java.util.Set<String> removedNames = new java.util.HashSet<>();
      navigations.values().forEach(removedNames::addAll);
      NodeList bindings = document.getElementsByTagNameNS(EDM, "NavigationPropertyBinding");
      List<Element> unbound = new ArrayList<>();
      for (int b = 0; b < bindings.getLength(); b++) {
        Element binding = (Element) bindings.item(b);
        for (String segment : binding.getAttribute("Path").split("/")) {
          if (removedNames.contains(segment)) {
            unbound.add(binding);
            break;
          }
        }
      }
      unbound.forEach(binding -> binding.getParentNode().removeChild(binding));
      java.util.Set<String> left = new java.util.LinkedHashSet<>(types);
      for (boolean removed = true; removed; ) {
        removed = false;
        for (java.util.Iterator<String> each = left.iterator(); each.hasNext(); ) {
          String name = each.next();
          Element type = entityTypes.get(name);
          if (type == null) {
            each.remove();
            continue;
          }
          String namespace = name.substring(0, name.lastIndexOf('.'));
          String alias = aliases.containsKey(namespace) ? aliases.get(namespace) + name.substring(namespace.length())
              : null;
          if (!named(document.getDocumentElement(), type, name, alias)) {
            type.getParentNode().removeChild(type);
            each.remove();
            removed = true;
          }
        }
      }
      return write(document, edmx.length);
    } catch (Exception e) {
      throw new SchemaException("the v1.0 schema could not be made without its beta-only places: " + e.getMessage(),
          e);
    }
  }

  /** Whether an attribute of an element under {@code root}, other than {@code type} and its own, names it. */
  private static boolean named(Element root, Element type, String name, String alias) {
    if (root == type) {
      return false;
    }
    org.w3c.dom.NamedNodeMap attributes = root.getAttributes();
    for (int a = 0; a < attributes.getLength(); a++) {
      String value = attributes.item(a).getNodeValue().replaceFirst("^Collection\\((.*)\\)$", "$1");
      if (value.equals(name) || value.equals(alias)) {
        return true;
      }
    }
    for (org.w3c.dom.Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && named(element, type, name, alias)) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern TYPE_NAME = java.util.regex.Pattern.compile(
      "<(?:EntityType|ComplexType|EnumType|TypeDefinition)\\s[^>]*?\\bName=\"([^\"]+)\"");
  private static final java.util.regex.Pattern NAVIGATION_TYPE = java.util.regex.Pattern.compile(
      "<NavigationProperty\\s[^>]*?\\bType=\"(?:Collection\\()?(?:[^\"()]*\\.)?([^\".()]+)\\)?\"");

  /**
   * A look at the text, by simple names, for a navigation whose type no element declares: every start reads the
   * schema, and building a DOM of it cost a cold JVM a tenth of a second, so the document is parsed only when one
   * may dangle.
   */
  static boolean mayDangle(String edmx) {
    java.util.Set<String> declared = new java.util.HashSet<>();
    java.util.regex.Matcher type = TYPE_NAME.matcher(edmx);
    while (type.find()) {
      declared.add(type.group(1));
    }
    java.util.regex.Matcher navigation = NAVIGATION_TYPE.matcher(edmx);
    while (navigation.find()) {
      if (!declared.contains(navigation.group(1))) {
        return true;
      }
    }
    return false;
  }

  private static Document parse(byte[] edmx) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    // The document is our own schema file, but parse it as any untrusted XML: no DTDs, no external entities.
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(edmx));
  }

  private static byte[] write(Document document, int size) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
    return out.toByteArray();
  }
}
