package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Identifiers in any letter case → as $metadata and Olingo spell them; literals as written. */
class IdentifiersTest {
  static final Identifiers IDENTIFIERS =
      new Identifiers(SeedSchema.MODEL.entity(), SeedSchema.MODEL.serviceMetadata().getEdm());

  static String fold(String text) {
    return FilterToken.join(IDENTIFIERS.fold(FilterToken.scan(text)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "DeviceId eq 'D1'                       | deviceId eq 'D1'",
      "ID eq 'x'                              | id eq 'x'",
      "startsWith(DeviceId,'D1') AND EnrollmentState EQ 'Failed' | startswith(deviceId,'D1') and enrollmentState eq 'Failed'",
      "TOLOWER (OsVersion) Eq 'x'             | tolower (osVersion) eq 'x'",
      "NOT (DeviceId IN ('a')) Or TargetedAppCount ADD 1 GT 2 | not (deviceId in ('a')) or targetedAppCount add 1 gt 2",
      "Geo.Distance(x,y) lt 1                 | geo.distance(x,y) lt 1",
      "microsoft.graph.DeviceManagementAutopilotEvent/DeploymentEndDateTime GE 2024-01-01T00:00:00Z | microsoft.graph.deviceManagementAutopilotEvent/deploymentEndDateTime ge 2024-01-01T00:00:00Z",
      "Graph.deviceManagementAutopilotEvent/id | microsoft.graph.deviceManagementAutopilotEvent/id",
      "isof(GRAPH.DEVICEMANAGEMENT)           | isof(microsoft.graph.deviceManagement)",
      "EventDateTime DESC,Id ASC              | eventDateTime desc,id asc",
      "deviceid eq @D                         | deviceId eq @D"})
  void foldsNamesKeywordsAndFunctions(String text, String folded) {
    assertEquals(folded, fold(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "DeploymentDuration gt Duration'PT1M'   | deploymentDuration gt duration'PT1M'",
      "x eq BINARY'AQI'                       | x eq binary'AQI'",
      "EnrollmentState eq Microsoft.Graph.EnrollmentState'FAILED' | enrollmentState eq microsoft.graph.enrollmentState'FAILED'",
      "enrollmentState eq GRAPH.enrollmentstate'failed' | enrollmentState eq microsoft.graph.enrollmentState'failed'",
      "deploymentState eq graph.WindowsAutopilotDeploymentState'Success' | deploymentState eq microsoft.graph.windowsAutopilotDeploymentState'Success'",
      "enrollmentState eq other.enrollmentState'failed' | enrollmentState eq other.enrollmentState'failed'",
      "enrollmentState eq microsoft.graph.noSuchEnum'failed' | enrollmentState eq microsoft.graph.noSuchEnum'failed'"})
  void foldsTypedLiteralPrefixesButNotTheirText(String text, String folded) {
    assertEquals(folded, fold(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "deviceId eq 'DeviceId'",
      "deviceId eq TRUE or deviceId eq Null or x eq False",
      "noSuchProperty eq 1",
      "Contains eq 1",
      "Geo.Distance eq 1",
      "microsoft.graph.nothing/x eq 1",
      "cast(deviceId,Edm.String) eq 'x'",
      "deviceId eq 'it''s EQ'"})
  void leavesLiteralsAndUnknownNamesAsWritten(String text) {
    assertEquals(text, fold(text));
  }
}
