package dev.graphmock;

import dev.graphmock.admin.AdminRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graphmock export [FILE]}: what {@code GET /__admin/export} answers, to a file or standard output. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write every event of --db as a Graph collection page ({\"value\":[…]}), in id order; for a"
        + " schema the engine serves (--metadata), every entity of the tenant as one document keyed by place.")
final class ExportCommand extends DataCommand {
  @Parameters(paramLabel = "FILE", arity = "0..1", description = "Where to write (default: standard output).")
  Path file;

  @Option(names = "--set", paramLabel = "PATH", description = "Only the entities at this place, as a Graph"
      + " collection page, such as deviceManagement/autopilotEvents, or * for every place as one document (default:"
      + " the schema's default set, its one collection for a bundled schema; else every place).")
  String set;

  @Override
  AdminRequest request(String requestId) {
    return request("GET", "/export", parameters(set == null ? Map.of() : Map.of("set", set)), null,
        java.io.InputStream.nullInputStream(), requestId);
  }

  @Override
  OutputStream output() throws IOException {
    return file == null ? System.out : new java.io.BufferedOutputStream(Files.newOutputStream(file));
  }
}
