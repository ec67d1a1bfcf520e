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
 * Derives one EDMX document from another by removing an entity type and the navigation properties that lead to
 * it, leaving everything else (comments, annotations, order) as it was written: how the {@code v1.0} schema,
 * which lacks the beta-only collection, is made from the one file in {@code metadata/}.
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
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // The document is our own schema file, but parse it as any untrusted XML: no DTDs, no external entities.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(edmx));
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
      ByteArrayOutputStream out = new ByteArrayOutputStream(edmx.length);
      TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
      return out.toByteArray();
    } catch (Exception e) {
      throw new SchemaException("the schema could not be rewritten without " + qualifiedType + ": " + e.getMessage(),
          e);
    }
  }
}
