package dev.graphmock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.engine.Fleet.Reply;
import dev.graphmock.http.AuthMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts a family's table keeps on SQLite (store.FamilyCounts): {@code $count} of a place, and of an enum
 * property of its type equal to some members, read from them, and right through every write (create, update, delete,
 * an import's replace, a tenant's reset) and when a database made before them opens.
 */
class FamilyCountsTest {
  private static final String EVENTS = "/deviceManagement/autopilotEvents";
  private static final String COUNTS = "\"deviceManagementAutopilotEvent counts\"";

  @TempDir
  Path folder;

  private static long count(Fleet fleet, String filter) {
    Reply reply = fleet.get(EVENTS + "/$count" + (filter == null ? "" : "?$filter=" + filter.replace(" ", "%20")
        .replace("'", "%27")));
    assertEquals(200, reply.status(), reply::toString);
    return Long.parseLong(reply.body());
  }

  /** How many of the tenant's events {@code which} holds, counted here from the export. */
  private static long counted(Fleet fleet, Predicate<JsonNode> which) {
    long matches = 0;
    for (JsonNode event : fleet.get("/__admin/export").json().get("value")) {
      matches += which.test(event) ? 1 : 0;
    }
    return matches;
  }

  private static void assertCounts(Fleet fleet, String when) {
    assertEquals(counted(fleet, event -> true), count(fleet, null), when);
    assertEquals(counted(fleet, event -> event.get("enrollmentState").asText().equals("enrolled")),
        count(fleet, "enrollmentState eq 'enrolled'"), when);
    assertEquals(counted(fleet, event -> Map.of("failure", 1, "inProgress", 1).containsKey(event.get("deploymentState")
        .asText())), count(fleet, "deploymentState in ('failure', 'inProgress')"), when);
    assertEquals(counted(fleet, event -> event.get("deploymentState").asText().equals("failure")
        || event.get("deploymentState").asText().equals("success")),
        count(fleet, "deploymentState eq 'failure' or 'success' eq deploymentState"), when);
    assertEquals(counted(fleet, event -> event.get("enrollmentState").asText().equals("enrolled")
        && event.get("deploymentState").asText().equals("success")),
        count(fleet, "enrollmentState eq 'enrolled' and deploymentState eq 'success'"), when + ": counted");
  }

  private void sql(String statement) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("autopilot.db"))) {
      db.createStatement().execute(statement);
    }
  }

  private static final String DETAIL_COUNTS = "\"deviceManagementAutopilotPolicyStatusDetail counts\"";

  /** How many rows the kept counts' table (and condition) {@code from} has. */
  private long rows(String from) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("autopilot.db"));
         java.sql.ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM " + from)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Every tenant's count of the place, as kept. */
  private long keptTotal() throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("autopilot.db"));
         java.sql.ResultSet sum = db.createStatement().executeQuery("SELECT coalesce(sum(\"rows\"), 0) FROM "
             + COUNTS + " WHERE \"property\" = ''")) {
      sum.next();
      return sum.getLong(1);
    }
  }

  @Test
  void countsAreKeptThroughEveryWriteAndReadFromWhereTheyHoldTheFilter() throws Exception {
    try (Fleet fleet = new Fleet(folder, "sqlite", AuthMode.NONE, "autopilot")) {
      assertEquals(0, count(fleet, null));
      assertEquals(0, count(fleet, "enrollmentState eq 'enrolled'"));
      assertEquals(200, fleet.post("/__admin/generate", "{\"count\":400,\"seed\":5}").status());
      assertCounts(fleet, "generated");
      JsonNode first = fleet.get("/__admin/export").json().at("/value/0");
      String id = first.get("id").asText();
      assertEquals(204, fleet.patch(EVENTS + "/" + id, "{\"enrollmentState\":\"notContacted\","
          + "\"deploymentState\":\"inProgress\"}").status());
      assertCounts(fleet, "updated");
      assertEquals(1, count(fleet, "enrollmentState eq 'notContacted'"));
      assertEquals(204, fleet.send("DELETE", EVENTS + "/" + id, null).status());
      assertCounts(fleet, "deleted");
      assertEquals(0, count(fleet, "enrollmentState eq 'notContacted'"));
      String replaced = "{\"value\":[{\"id\":\"" + fleet.get("/__admin/export").json().at("/value/1/id").asText()
          + "\",\"enrollmentState\":\"blocked\"}]}";
      assertEquals(200, fleet.post("/__admin/import?mode=upsert", replaced).status());
      assertCounts(fleet, "replaced");
      assertEquals(1, count(fleet, "enrollmentState eq 'blocked'"));

      // Read from the kept counts: a count changed behind the server's back is what it answers.
      sql("UPDATE " + COUNTS + " SET \"rows\" = \"rows\" + 1000 WHERE \"property\" = ''");
      assertEquals(1399, count(fleet, null), "the place's count, kept");
      assertEquals(1399, fleet.get(EVENTS + "?$count=true&$top=1").json().get("@odata.count").asLong());
      sql("UPDATE " + COUNTS + " SET \"rows\" = \"rows\" - 1000 WHERE \"property\" = ''");

      // A database made before the counts: they are counted when it opens.
      sql("DROP TABLE " + COUNTS);
      sql("DROP TRIGGER \"deviceManagementAutopilotEvent counts insert\"");
      fleet.restart();
      assertCounts(fleet, "counted at open");
      fleet.restart();
      assertCounts(fleet, "not counted twice");

      // A contained place: counted under each parent, and no counts left behind by a parent that went.
      String parent = fleet.get("/__admin/export").json().at("/value/2/id").asText();
      String details = EVENTS + "/" + parent + "/policyStatusDetails";
      for (String detail : new String[] {"p1", "p2", "p3"}) {
        assertEquals(201, fleet.post(details, "{\"id\":\"" + detail + "\",\"complianceStatus\":\""
            + (detail.equals("p1") ? "error" : "compliant") + "\"}").status());
      }
      assertEquals("3", fleet.get(details + "/$count").body());
      assertEquals("2", fleet.get(details + "/$count?$filter=complianceStatus%20eq%20%27compliant%27").body());
      assertEquals(204, fleet.patch(details + "/p1", "{\"complianceStatus\":\"compliant\"}").status());
      assertEquals("3", fleet.get(details + "/$count?$filter=complianceStatus%20eq%20%27compliant%27").body());
      assertEquals("0", fleet.get(details + "/$count?$filter=complianceStatus%20eq%20%27error%27").body());
      assertEquals(0, rows(DETAIL_COUNTS + " WHERE \"property\" = 'complianceStatus' AND \"rows\" = 0"),
          "a value no row holds keeps no count");
      assertEquals(204, fleet.send("DELETE", EVENTS + "/" + parent, null).status());
      assertEquals(0, rows(DETAIL_COUNTS), "a parent that went leaves no counts behind");
      assertCounts(fleet, "a parent deleted");

      assertEquals(200, fleet.post("/__admin/generate?tenant=other", "{\"count\":50,\"seed\":6}").status());
      assertEquals(204, fleet.post("/__admin/reset?tenant=" + dev.graphmock.model.Tenants.DEFAULT, null).status());
      assertEquals(0, count(fleet, null));
      assertEquals(0, count(fleet, "enrollmentState eq 'enrolled'"));
      assertEquals(201, fleet.post(EVENTS, "{\"enrollmentState\":\"enrolled\"}").status());
      assertEquals(1, count(fleet, null), "the delete trigger is back after a reset");
      assertEquals(1, count(fleet, "enrollmentState eq 'enrolled'"));
      assertEquals(204, fleet.send("DELETE", EVENTS + "/" + fleet.get("/__admin/export").json().at("/value/0/id")
          .asText(), null).status());
      assertEquals(0, count(fleet, null));
      assertEquals(50, keptTotal(), "the other tenant's");
      sql("DELETE FROM \"deviceManagementAutopilotEvent\"");
      assertEquals(0, keptTotal(), "rows deleted one by one, each counted");
      assertEquals(204, fleet.post("/__admin/reset", null).status());
    }
  }
}
