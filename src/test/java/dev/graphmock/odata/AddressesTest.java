package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graphmock.model.Address;
import dev.graphmock.model.Property;
import dev.graphmock.model.TypeGraph;
import java.util.List;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Paths of a schema no code names ({@code engine/fleet.xml}), as Olingo parses them, read as addresses in the type
 * graph: places at any depth under their parents' keys, casts, property paths into complex values, navigations to
 * other sets, {@code $count}, {@code $ref} and bound operations.
 */
class AddressesTest {
  private static final Edm EDM = edm();
  private static final TypeGraph GRAPH = TypeGraphReader.read(EDM);
  private static final Addresses ADDRESSES = new Addresses(GRAPH);

  private static Edm edm() {
    try (var in = AddressesTest.class.getResourceAsStream("/engine/fleet.xml")) {
      return GraphModel.serviceMetadataOf("fleet", in.readAllBytes()).getEdm();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Address address(String path) throws Exception {
    return ADDRESSES.of(new Parser(EDM, OData.newInstance()).parseUri(path, null, null, "http://h/beta"));
  }

  /** The address as one line: place, parent keys, key, cast, tail. */
  private static String described(Address address) {
    String tail = "-";
    if (address.tail() instanceof Address.PropertyPath path) {
      tail = String.join("/", path.steps().stream().map(Property::name).toList()) + (path.value() ? "/$value" : "");
    } else if (address.tail() instanceof Address.Link link) {
      tail = "link " + link.navigation().name() + " to " + link.target().name()
          + (link.key() == null ? "" : " key " + link.key()) + (link.ref() ? " $ref" : "");
    } else if (address.tail() instanceof Address.Count) {
      tail = "$count";
    } else if (address.tail() instanceof Address.Call call) {
      tail = "call " + call.operation().qualifiedName();
    }
    return address.place().name() + " " + address.parentKeys() + " " + (address.key() == null ? "-" : address.key())
        + " " + (address.cast() == null ? "-" : address.cast().name()) + " " + tail;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "fleet                                          | fleet [] - - -",
      "fleet/devices                                  | fleet/devices [] - - -",
      "fleet/devices('d1')                            | fleet/devices [] d1 - -",
      "fleet/profiles('p1')/assignments('a''1')/results | fleet/profiles/assignments/results [p1, a'1] - - -",
      "fleet/profiles('p%2F1')/assignments('a1')/results('r1') | fleet/profiles/assignments/results [p/1, a1] r1 - -",
      "fleet/profiles/example.fleet.cloudProfile      | fleet/profiles [] - cloudProfile -",
      "fleet/profiles/example.fleet.cloudProfile('p1') | fleet/profiles [] p1 cloudProfile -",
      "fleet/profiles('p1')/example.fleet.onPremisesProfile/domain | fleet/profiles [] p1 onPremisesProfile domain",
      "fleet/devices('d1')/placement/address/city     | fleet/devices [] d1 - placement/address/city",
      "fleet/devices('d1')/serialNumber/$value        | fleet/devices [] d1 - serialNumber/$value",
      "fleet/devices('d1')/profile                    | fleet/devices [] d1 - link profile to fleet/profiles",
      "fleet/devices('d1')/profile/$ref               | fleet/devices [] d1 - link profile to fleet/profiles $ref",
      "fleet/devices('d1')/site                       | fleet/devices [] d1 - link site to sites",
      "fleet/devices/$count                           | fleet/devices [] - - $count",
      "fleet/settings                                 | fleet/settings [] - - -",
      "fleet/settings/example.fleet.sync              | fleet/settings [] - - call example.fleet.sync",
      "fleet/devices('d1')/example.fleet.assignUser   | fleet/devices [] d1 - call example.fleet.assignUser",
      "fleet/devices/example.fleet.import             | fleet/devices [] - - call example.fleet.import",
      "fleet/devices/example.fleet.countByColor(color=example.fleet.color'red') | fleet/devices [] - - call example.fleet.countByColor",
      "sites('s1')                                    | sites [] s1 - -"})
  void readsWhatAPathNames(String path, String expected) throws Exception {
    assertEquals(expected, described(address(path)));
  }

  @Test
  void aPathThatGoesOnThroughAnotherSetsEntityIsNotServed() {
    ClientErrorException refused = assertThrows(ClientErrorException.class,
        () -> address("fleet/devices('d1')/profile/assignments"));
    assertEquals("Resource not found for the segment 'assignments'.", refused.getMessage());
  }
}
