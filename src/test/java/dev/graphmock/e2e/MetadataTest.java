package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.request.cud.ODataEntityCreateRequest;
import org.apache.olingo.client.api.communication.request.retrieve.ODataEntityRequest;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientObjectFactory;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.Set;
import org.xml.sax.SAXException;

/** {@code $metadata}: schema-valid CSDL that looks like Graph's, and what a real OData client makes of it. */
class MetadataTest extends SharedServerTest {
  static final FullQualifiedName EVENT = new FullQualifiedName("microsoft.graph", "deviceManagementAutopilotEvent");


  @Test
  void metadataValidatesAgainstTheOasisSchema() throws SAXException, IOException {
    TestServer.Reply reply = server.send("GET", "/$metadata", Map.of(), null);
    assertEquals(200, reply.status());
    assertTrue(reply.header("Content-Type").startsWith("application/xml"), reply.header("Content-Type"));
    var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(MetadataTest.class.getResource("/oasis-csdl/edmx.xsd"));
    schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(reply.bytes())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"?$format=json", "?$format=application/json", "|application/json"})
  void jsonCsdlValidatesAgainstTheOasisSchemaAndDescribesTheSameModel(String how) throws IOException {
    String path = "/$metadata" + (how.startsWith("?") ? how : "");
    Map<String, String> headers = how.startsWith("|") ? Map.of("Accept", how.substring(1)) : Map.of();
    TestServer.Reply reply = server.send("GET", path, headers, null);
    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
    JsonSchema schema;
    try (InputStream in = MetadataTest.class.getResourceAsStream("/oasis-csdl/csdl.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    JsonNode csdl = reply.json();
    Set<ValidationMessage> errors = schema.validate(csdl);
    assertTrue(errors.isEmpty(), () -> errors + " in " + reply.text());

    assertEquals("microsoft.graph.GraphService", csdl.get("$EntityContainer").asText());
    JsonNode graph = csdl.get("microsoft.graph");
    JsonNode event = graph.get("deviceManagementAutopilotEvent");
    Edm edm = client().getRetrieveRequestFactory().getMetadataRequest(server.beta()).execute().getBody();
    EdmEntityType xmlEvent = edm.getEntityType(EVENT);
    for (String property : xmlEvent.getPropertyNames()) {
      if (!property.equals("id")) {
        assertTrue(event.has(property), property);
        // JSON CSDL leaves out $Type for Edm.String and $Nullable for non-nullable properties.
        String type = event.get(property).path("$Type").asText("Edm.String");
        assertEquals(xmlEvent.getStructuralProperty(property).getType().getFullQualifiedName().getName(),
            type.replaceFirst(".*\\.", ""), property);
        assertEquals(xmlEvent.getStructuralProperty(property).isNullable(),
            event.get(property).path("$Nullable").asBoolean(false), property);
      }
    }
    assertEquals(3, graph.get("enrollmentState").get("failed").asInt());
    assertTrue(graph.get("deviceManagement").get("autopilotEvents").get("$ContainsTarget").asBoolean());
  }

  @Test
  void metadataLooksLikeGraphs() {
    String xml = server.send("GET", "/$metadata", Map.of(), null).text();
    assertFalse(xml.contains("Precision"), "Graph declares no Precision facets");
    assertTrue(xml.contains("<Schema Namespace=\"microsoft.graph\" Alias=\"graph\""));
    assertTrue(xml.contains("<EntityContainer Name=\"GraphService\">"));
    assertTrue(xml.matches("(?s).*<Annotation Term=\"Org.OData.Core.V1.Description\" String=\"Time spent in user ESP.\" ?/>.*"));
    assertTrue(xml.contains("ContainsTarget=\"true\""));
  }

  @Test
  void olingoClientReadsTheModel() {
    Edm edm = client().getRetrieveRequestFactory().getMetadataRequest(server.beta()).execute().getBody();
    EdmEntityType event = edm.getEntityType(EVENT);
    assertEquals(TestServer.isSeed() ? 27 : 25, event.getPropertyNames().size(), event.getPropertyNames()::toString);
    assertEquals(List.of("id"), event.getKeyPredicateNames());
    assertEquals("Edm.Duration", event.getStructuralProperty("deviceSetupDuration").getType()
        .getFullQualifiedName().getFullQualifiedNameAsString());
    assertFalse(event.getStructuralProperty("enrollmentState").isNullable());
    assertEquals(TestServer.isSeed(), event.getStructuralProperty("targetedAppCount") != null);
    assertEquals(!TestServer.isSeed(), event.getStructuralProperty("userId") != null);
    assertTrue(event.getStructuralProperty("deviceId").isNullable());
    assertEquals("microsoft.graph.entity", event.getBaseType().getFullQualifiedName().getFullQualifiedNameAsString());

    assertMembers(edm, "windowsAutopilotEnrollmentType", "unknown", "azureADJoinedWithAutopilotProfile",
        "offlineDomainJoined", "azureADJoinedUsingDeviceAuthWithAutopilotProfile",
        "azureADJoinedUsingDeviceAuthWithoutAutopilotProfile", "azureADJoinedWithOfflineAutopilotProfile",
        "azureADJoinedWithWhiteGlove", "offlineDomainJoinedWithWhiteGlove", "offlineDomainJoinedWithOfflineAutopilotProfile");
    assertMembers(edm, "enrollmentState", "unknown", "enrolled", "pendingReset", "failed", "notContacted", "blocked");
    List<String> states = new java.util.ArrayList<>(List.of("unknown", "success", "inProgress", "failure",
        "successWithTimeout", "notAttempted", "disabled"));
    if (!TestServer.isSeed()) {
      states.add("successOnRetry");
    }
    assertMembers(edm, "windowsAutopilotDeploymentState", states.toArray(String[]::new));

    EdmNavigationProperty events = edm.getEntityContainer().getSingleton("deviceManagement").getEntityType()
        .getNavigationProperty("autopilotEvents");
    assertTrue(events.containsTarget());
    assertTrue(events.isCollection());
    assertEquals(EVENT, events.getType().getFullQualifiedName());
  }

  @Test
  void olingoClientCreatesAndReadsAnEvent() {
    ODataClient client = client();
    ClientObjectFactory factory = client.getObjectFactory();
    ClientEntity event = factory.newEntity(EVENT);
    event.getProperties().add(factory.newPrimitiveProperty("deviceId",
        factory.newPrimitiveValueBuilder().buildString("olingo-device")));
    event.getProperties().add(factory.newPrimitiveProperty("osVersion",
        factory.newPrimitiveValueBuilder().buildString("10.0.5")));
    event.getProperties().add(factory.newEnumProperty("enrollmentState",
        factory.newEnumValue("microsoft.graph.enrollmentState", "failed")));
    var collection = client.newURIBuilder(server.beta()).appendSingletonSegment("deviceManagement")
        .appendNavigationSegment("autopilotEvents").build();
    ODataEntityCreateRequest<ClientEntity> create = client.getCUDRequestFactory().getEntityCreateRequest(collection, event);
    create.addCustomHeader("Authorization", "Bearer olingo");
    var created = create.execute();
    assertEquals(201, created.getStatusCode());
    String id = created.getBody().getProperty("id").getPrimitiveValue().toString();

    ODataEntityRequest<ClientEntity> read = client.getRetrieveRequestFactory().getEntityRequest(
        client.newURIBuilder(server.beta()).appendSingletonSegment("deviceManagement")
            .appendNavigationSegment("autopilotEvents").appendKeySegment(id).build());
    read.addCustomHeader("Authorization", "Bearer olingo");
    ClientEntity stored = read.execute().getBody();
    assertEquals("olingo-device", stored.getProperty("deviceId").getPrimitiveValue().toString());
    assertEquals("10.0.5", stored.getProperty("osVersion").getPrimitiveValue().toString());
    // Olingo's client asks for full metadata, which types the value, so the client reads it as an enum member.
    assertEquals("failed", stored.getProperty("enrollmentState").getEnumValue().getValue());
    assertEquals("microsoft.graph.enrollmentState", stored.getProperty("enrollmentState").getEnumValue().getTypeName());
  }

  private static void assertMembers(Edm edm, String name, String... members) {
    EdmEnumType type = edm.getEnumType(new FullQualifiedName("microsoft.graph", name));
    assertNotNull(type, name);
    assertEquals(List.of(members), type.getMemberNames());
    for (int i = 0; i < members.length; i++) {
      assertEquals(String.valueOf(i), type.getMember(members[i]).getValue());
    }
  }

  private static ODataClient client() {
    return ODataClientFactory.getClient();
  }
}
