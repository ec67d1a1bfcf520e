package dev.graphmock;

import dev.graphmock.admin.AdminRequest;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graphmock generate --count N}: what {@code POST /__admin/generate} does, without a server. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Add realistic Autopilot events to --db, the same for the same seed and schema; for a schema the"
        + " engine serves (--metadata), count entities in each of its collections.")
final class GenerateCommand extends DataCommand {
  @Option(names = "--count", paramLabel = "N", required = true, description = "How many events to make (for a"
      + " schema the engine serves: in each collection no entity contains).")
  int count;

  @Option(names = "--seed", paramLabel = "S", description = "The seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--until", paramLabel = "DATE-TIME", description = "The end of the half year the events are"
      + " spread over (default: 2026-01-01T00:00:00Z).")
  String until;

  @Override
  AdminRequest request(String requestId) {
    com.fasterxml.jackson.databind.node.ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper()
        .createObjectNode().put("count", count).put("seed", seed);
    if (until != null) {
      body.put("until", until);
    }
    return request("POST", "/generate", parameters(Map.of()), "application/json", text(body.toString()), requestId);
  }
}
