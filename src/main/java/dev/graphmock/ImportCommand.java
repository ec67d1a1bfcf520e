package dev.graphmock;

import dev.graphmock.admin.AdminApi;
import dev.graphmock.admin.AdminRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graphmock import FILE}: what {@code POST /__admin/import} does, from a file, without a server. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import events from a Graph collection page ({\"value\":[…]}) or NDJSON (.ndjson, .jsonl) into"
        + " --db, all or none, each checked as POST checks it; for a schema the engine serves (--metadata), a"
        + " document export wrote, keyed by place, or with --set one place's entities in those forms.")
final class ImportCommand extends DataCommand {
  @Parameters(paramLabel = "FILE", description = "The events: a .json page (a saved Graph response or an export)"
      + " or .ndjson/.jsonl, one event a line.")
  Path file;

  @Option(names = "--upsert", description = "Replace events whose id exists instead of refusing the import.")
  boolean upsert;

  @Option(names = "--set", paramLabel = "PATH", description = "The place the entities go to, such as"
      + " deviceManagement/windowsAutopilotDeviceIdentities, or * for a document of every place (default: the"
      + " schema's default set, its one collection for a bundled schema; else the document names them).")
  String set;

  @Override
  AdminRequest request(String requestId) throws IOException {
    Map<String, String> given = new java.util.LinkedHashMap<>();
    if (upsert) {
      given.put("mode", "upsert");
    }
    if (set != null) {
      given.put("set", set);
    }
    return request("POST", "/import", parameters(given),
        AdminApi.importType(file),
        Files.newInputStream(file), requestId);
  }
}
