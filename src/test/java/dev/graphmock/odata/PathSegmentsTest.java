package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request paths in any letter case → as $metadata names them, with the methods the resource allows. */
class PathSegmentsTest {
  static final PathSegments PATHS = new PathSegments(SeedSchema.MODEL.serviceMetadata().getEdm());
  static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE");

  static String allowed(PathSegments.Resolved resolved) {
    return resolved.allowedMethods().stream().sorted((a, b) -> METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"                                              | \"\"                                              | GET HEAD",
      "/                                                 | /                                                 | GET HEAD",
      "/$metadata                                        | /$metadata                                        | GET HEAD",
      "/$METADATA                                        | /$metadata                                        | GET HEAD",
      "/%24metadata                                      | /$metadata                                        | GET HEAD",
      "/$Batch                                           | /$batch                                           | POST",
      "/DeviceManagement                                 | /deviceManagement                                 | GET HEAD",
      "/deviceManagement/AutopilotEvents                 | /deviceManagement/autopilotEvents                 | GET HEAD POST",
      "/deviceManagement/AutopilotEvents/                | /deviceManagement/autopilotEvents/                | GET HEAD POST",
      "/deviceManagement/autopilot%45vents               | /deviceManagement/autopilotEvents                 | GET HEAD POST",
      "/deviceManagement/autopilotEvents/$Count          | /deviceManagement/autopilotEvents/$count          | GET HEAD",
      "/deviceManagement/autopilotEvents('e1')           | /deviceManagement/autopilotEvents('e1')           | GET HEAD PATCH PUT DELETE",
      "/DeviceManagement/AutopilotEvents('e1')/DeviceID  | /deviceManagement/autopilotEvents('e1')/deviceId  | GET HEAD",
      "/deviceManagement/autopilotEvents('e1')/deviceId/$VALUE | /deviceManagement/autopilotEvents('e1')/deviceId/$value | GET HEAD",
      "/deviceManagement/autopilotEvents/graph.DeviceManagementAutopilotEvent | /deviceManagement/autopilotEvents/microsoft.graph.deviceManagementAutopilotEvent | GET HEAD POST",
      "/deviceManagement/autopilotEvents('e1')/Graph.DeviceManagementAutopilotEvent | /deviceManagement/autopilotEvents('e1')/microsoft.graph.deviceManagementAutopilotEvent | GET HEAD PATCH PUT DELETE"})
  void resolvesNamesWithoutRegardToCase(String raw, String path, String methods) throws ClientErrorException {
    PathSegments.Resolved resolved = PATHS.resolve(raw);
    assertEquals(path, resolved.path());
    assertEquals(methods, allowed(resolved));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "/deviceManagement/autopilotEvents/E1              | /deviceManagement/autopilotEvents('E1')           | GET HEAD PATCH PUT DELETE",
      "/deviceManagement/autopilotEvents/DeviceId        | /deviceManagement/autopilotEvents('DeviceId')     | GET HEAD PATCH PUT DELETE",
      "/deviceManagement/autopilotEvents/a%2Fb%20c       | /deviceManagement/autopilotEvents('a%2Fb%20c')    | GET HEAD PATCH PUT DELETE",
      "/deviceManagement/autopilotEvents/a+b             | /deviceManagement/autopilotEvents('a%2Bb')        | GET HEAD PATCH PUT DELETE",
      "/deviceManagement/autopilotEvents/%24count        | /deviceManagement/autopilotEvents('%24count')     | GET HEAD PATCH PUT DELETE",
      "/deviceManagement/autopilotEvents/it's            | /deviceManagement/autopilotEvents('it''s')        | GET HEAD PATCH PUT DELETE",
      "/deviceManagement/autopilotEvents/%zz             | /deviceManagement/autopilotEvents/%zz             | GET HEAD PATCH PUT DELETE",
      "/deviceManagement/autopilotEvents/E1/DeviceId     | /deviceManagement/autopilotEvents('E1')/deviceId  | GET HEAD",
      "/deviceManagement/autopilotEvents/E1/deviceId/$Value | /deviceManagement/autopilotEvents('E1')/deviceId/$value | GET HEAD",
      "/deviceManagement/autopilotEvents/microsoft.graph.deviceManagementAutopilotEvent/e1 | /deviceManagement/autopilotEvents/microsoft.graph.deviceManagementAutopilotEvent('e1') | GET HEAD PATCH PUT DELETE"})
  void writesKeySegmentsAsKeyPredicates(String raw, String path, String methods) throws ClientErrorException {
    PathSegments.Resolved resolved = PATHS.resolve(raw);
    assertEquals(path, resolved.path());
    assertEquals(methods, allowed(resolved));
  }

  /** A schema no code names ({@code engine/fleet.xml}): keys after every collection, at any depth, and casts. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "/Fleet/Profiles/p1/Assignments/a%2F1/Results/r1 | /fleet/profiles('p1')/assignments('a%2F1')/results('r1') | GET HEAD PATCH PUT DELETE",
      "/fleet/profiles('p1')/assignments/a1/results     | /fleet/profiles('p1')/assignments('a1')/results     | GET HEAD POST",
      "/fleet/profiles/FLEET.cloudProfile/p1/assignments | /fleet/profiles/example.fleet.cloudProfile('p1')/assignments | GET HEAD POST",
      "/fleet/profiles/p1/example.fleet.cloudProfile/Region | /fleet/profiles('p1')/example.fleet.cloudProfile/region | GET HEAD",
      "/fleet/devices/d1/Profile                         | /fleet/devices('d1')/profile                        | GET HEAD",
      "/fleet/devices/d1/profile/$Ref                    | /fleet/devices('d1')/profile/$ref                   | GET HEAD PUT DELETE",
      "/fleet/profiles/p1/assignedDevices/$ref           | /fleet/profiles('p1')/assignedDevices/$ref          | GET HEAD POST DELETE",
      "/Sites/s1                                         | /sites('s1')                                        | GET HEAD PATCH PUT DELETE",
      "/fleet/settings                                   | /fleet/settings                                     | GET HEAD PATCH PUT",
      "/Fleet                                            | /fleet                                              | GET HEAD PATCH PUT"})
  void writesKeysAfterEveryCollectionOfAnySchema(String raw, String path, String methods)
      throws ClientErrorException {
    PathSegments.Resolved resolved = FLEET.resolve(raw);
    assertEquals(path, resolved.path());
    assertEquals(methods, allowed(resolved));
  }

  static final PathSegments FLEET = new PathSegments(fleetEdm(), true);

  private static org.apache.olingo.commons.api.edm.Edm fleetEdm() {
    try (var in = PathSegmentsTest.class.getResourceAsStream("/engine/fleet.xml")) {
      return GraphModel.serviceMetadataOf("fleet", in.readAllBytes()).getEdm();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
