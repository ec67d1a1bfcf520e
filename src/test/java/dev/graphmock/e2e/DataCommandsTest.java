package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import}, {@code export} and {@code generate} from the command line, as separate processes against a
 * database file: what the admin API does, for scripts and CI without HTTP, and never beside a running server.
 */
class DataCommandsTest {
  @TempDir
  Path folder;

  private ServerProcess run(String... args) throws Exception {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db";
    all[args.length + 1] = folder.resolve("graph.db").toString();
    all[args.length + 2] = "--schema";
    all[args.length + 3] = TestServer.SCHEMA;
    return ServerProcess.start(folder, all);
  }

  @Test
  void generateExportImportRoundTripOnADatabaseFile() throws Exception {
    try (ServerProcess generate = run("generate", "--count", "40", "--seed", "5")) {
      assertEquals("{\"generated\":40}", generate.stdout().trim());
      assertEquals(0, generate.awaitExit(), generate::stderr);
    }
    Path exported = folder.resolve("events.json");
    try (ServerProcess export = run("export", exported.toString())) {
      assertEquals(0, export.awaitExit(), export::stderr);
    }
    JsonNode page = TestServer.JSON.readTree(exported.toFile());
    assertEquals(40, page.get("value").size());
    try (ServerProcess again = run("import", exported.toString())) {
      assertEquals(1, again.awaitExit(), "the ids are taken");
      assertTrue(again.stderr().contains("Entity 0: an entity with id"), again::stderr);
    }
    try (ServerProcess upsert = run("import", "--upsert", exported.toString())) {
      assertEquals("{\"imported\":40}", upsert.stdout().trim());
      assertEquals(0, upsert.awaitExit(), upsert::stderr);
    }
    try (ServerProcess toStdout = run("export")) {
      assertEquals(Files.readString(exported).trim(), toStdout.stdout().trim(), "the same events, unchanged");
      assertEquals(0, toStdout.awaitExit());
    }
  }

  @Test
  void importReadsNdjsonByItsExtensionAndRefusesABadEventWhole() throws Exception {
    Path lines = folder.resolve("events.ndjson");
    Files.writeString(lines, "{\"id\":\"a\"}\n{\"id\":\"b\",\"targetedAppCount\":\"many\",\"userId\":7}\n");
    try (ServerProcess bad = run("import", lines.toString())) {
      assertEquals(1, bad.awaitExit());
      assertTrue(bad.stderr().startsWith("graphmock: Entity 1: "), bad::stderr);
    }
    Files.writeString(lines, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    try (ServerProcess good = run("import", lines.toString())) {
      assertEquals("{\"imported\":2}", good.stdout().trim());
      assertEquals(0, good.awaitExit(), good::stderr);
    }
  }

  private static String count(String beta) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(beta
        + "/deviceManagement/autopilotEvents/$count")).header("Authorization", "Bearer t").build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void seedDataIsImportedIntoAnEmptyDatabaseOnlyOnce() throws Exception {
    Path seed = folder.resolve("seed.jsonl");
    Files.writeString(seed, "{\"id\":\"s1\"}\n{\"id\":\"s2\"}\n{\"id\":\"s3\"}\n");
    for (int start = 0; start < 2; start++) {
      try (ServerProcess server = run("--port", "0", "--seed-data", seed.toString())) {
        assertEquals("3", count(server.awaitReady()), "start " + start + ": not imported twice");
        server.sigterm();
        // A clean stop, which also lets go of the database for the next start.
        assertEquals(0, server.awaitExit(), server::stderr);
      }
    }
    // Reset, and the singleton read (which keeps it, with its defaults): no collection holds an entity, so the
    // next start loads the seed again, as it did when the events had a table of their own.
    try (ServerProcess server = run("--port", "0")) {
      String beta = server.awaitReady();
      HttpClient client = HttpClient.newHttpClient();
      assertEquals(204, client.send(HttpRequest.newBuilder(URI.create(beta.replace("/beta", "/__admin/reset")))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(beta + "/deviceManagement"))
          .header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.discarding()).statusCode());
      server.sigterm();
      assertEquals(0, server.awaitExit(), server::stderr);
    }
    try (ServerProcess server = run("--port", "0", "--seed-data", seed.toString())) {
      assertEquals("3", count(server.awaitReady()), "loaded into a database whose collections are empty");
      server.sigterm();
      assertEquals(0, server.awaitExit(), server::stderr);
    }
    Files.writeString(folder.resolve("bad.json"), "{\"value\":[{\"id\":\"x\",\"enrollmentState\":\"bogus\"}]}");
    try (ServerProcess refused = ServerProcess.start(folder, "--port", "0", "--db", folder.resolve("other.db")
        .toString(), "--schema", TestServer.SCHEMA, "--seed-data", folder.resolve("bad.json").toString())) {
      assertEquals(2, refused.awaitExit());
      assertTrue(refused.stderr().startsWith("graphmock: --seed-data "), refused::stderr);
      assertTrue(refused.stderr().contains("Entity 0: Invalid value for property 'enrollmentState'"), refused::stderr);
      CommandLineTest.assertNoStackTrace(refused.stderr());
    }
  }

  @Test
  void aDatabaseThatARunningServerHoldsIsRefused() throws Exception {
    try (ServerProcess server = run("--port", "0")) {
      String beta = server.awaitReady();
      try (ServerProcess generate = run("generate", "--count", "5")) {
        assertEquals(2, generate.awaitExit());
        assertTrue(generate.stderr().contains("is in use by another graphmock"), generate::stderr);
      }
      try (ServerProcess second = run("--port", "0")) {
        assertEquals(2, second.awaitExit(), "nor does a second server share it");
      }
      assertEquals("0", count(beta), "the refused command wrote nothing");
    }
  }

  private static HttpResponse<String> send(String beta, String method, String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(beta + path))
        .header("Authorization", "Bearer t").header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * For a schema the engine serves: export and import from the command line as the admin API does them (a document
   * keyed by place, or one place with --set), --seed-data loads such a document into an empty database once, and
   * generate makes count entities in each collection no entity contains.
   */
  @Test
  void theDataCommandsAndSeedDataWorkOnTheEnginesPlaces() throws Exception {
    Path edmx = folder.resolve("fleet.xml");
    try (var in = DataCommandsTest.class.getResourceAsStream("/engine/fleet.xml")) {
      Files.write(edmx, in.readAllBytes());
    }
    String fleet = folder.resolve("fleet.db").toString();
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", fleet, "--metadata",
        edmx.toString())) {
      String beta = server.awaitReady();
      assertEquals(201, send(beta, "POST", "/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\","
          + "\"id\":\"p1\",\"displayName\":\"Cloud\"}").statusCode());
      assertEquals(201, send(beta, "POST", "/fleet/profiles/p1/assignments", "{\"id\":\"a1\",\"target\":{"
          + "\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g1\"}}").statusCode());
      assertEquals(201, send(beta, "POST", "/fleet/devices", "{\"id\":\"d1\",\"serialNumber\":\"S1\","
          + "\"profile@odata.bind\":\"fleet/profiles('p1')\"}").statusCode());
      server.sigterm();
      assertEquals(0, server.awaitExit(), server::stderr);
    }
    Path exported = folder.resolve("fleet.json");
    try (ServerProcess export = ServerProcess.start(folder, "export", exported.toString(), "--db", fleet,
        "--metadata", edmx.toString())) {
      assertEquals(0, export.awaitExit(), export::stderr);
    }
    JsonNode document = TestServer.JSON.readTree(exported.toFile()).get("places");
    assertEquals("p1", document.get("fleet/profiles").get(0).get("id").asText(), document::toString);
    assertEquals("a1", document.get("fleet/profiles/assignments").get(0).get("id").asText(), document::toString);
    assertEquals("d1", document.get("fleet/devices").get(0).get("id").asText(), document::toString);
    try (ServerProcess devices = ServerProcess.start(folder, "export", "--set", "fleet/devices", "--db", fleet,
        "--metadata", edmx.toString())) {
      JsonNode one = TestServer.JSON.readTree(devices.stdout());
      assertEquals(0, devices.awaitExit(), devices::stderr);
      com.fasterxml.jackson.databind.node.ObjectNode device = document.get("fleet/devices").get(0).deepCopy();
      device.remove("@odata.type");
      assertEquals("[" + device + "]", one.get("value").toString(), "one place as Graph's page, its own type unnamed");
    }

    String copy = folder.resolve("copy.db").toString();
    try (ServerProcess imported = ServerProcess.start(folder, "import", exported.toString(), "--db", copy,
        "--metadata", edmx.toString())) {
      assertEquals(0, imported.awaitExit(), imported::stderr);
    }
    try (ServerProcess again = ServerProcess.start(folder, "export", "--db", copy, "--metadata", edmx.toString())) {
      assertEquals(Files.readString(exported).trim(), again.stdout().trim(), "the same document, byte for byte");
      assertEquals(0, again.awaitExit(), again::stderr);
    }

    String seeded = folder.resolve("seeded.db").toString();
    for (int start = 0; start < 2; start++) {
      try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", seeded, "--metadata",
          edmx.toString(), "--seed-data", exported.toString())) {
        String beta = server.awaitReady();
        JsonNode devices = TestServer.JSON.readTree(send(beta, "GET", "/fleet/devices?$expand=profile", null).body());
        assertEquals(1, devices.get("value").size(), "start " + start + ": loaded once, into an empty database");
        assertEquals("Cloud", devices.get("value").get(0).get("profile").get("displayName").asText());
        server.sigterm();
        assertEquals(0, server.awaitExit(), server::stderr);
      }
    }

    String made = folder.resolve("made.db").toString();
    try (ServerProcess generate = ServerProcess.start(folder, "generate", "--count", "3", "--seed", "4", "--db",
        made, "--metadata", edmx.toString())) {
      assertEquals(0, generate.awaitExit(), generate.stderr());
      String answer = generate.stdout();
      assertTrue(answer.startsWith("{\"generated\":"), answer);
    }
    Path sites = folder.resolve("sites.json");
    try (ServerProcess export = ServerProcess.start(folder, "export", sites.toString(), "--set", "sites", "--db", made,
        "--metadata", edmx.toString())) {
      assertEquals(0, export.awaitExit(), export.stderr());
      assertEquals(3, TestServer.JSON.readTree(sites.toFile()).get("value").size(), () -> read(sites));
    }
    String siteCopy = folder.resolve("sites.db").toString();
    try (ServerProcess imported = ServerProcess.start(folder, "import", sites.toString(), "--set", "sites", "--db",
        siteCopy, "--metadata", edmx.toString())) {
      assertEquals(0, imported.awaitExit(), imported::stderr);
      assertEquals("{\"imported\":3}", imported.stdout().trim());
    }
    try (ServerProcess again = ServerProcess.start(folder, "export", "--set", "sites", "--db", siteCopy, "--metadata",
        edmx.toString())) {
      assertEquals(read(sites).trim(), again.stdout().trim(), "one place, byte for byte");
      assertEquals(0, again.awaitExit(), again::stderr);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
