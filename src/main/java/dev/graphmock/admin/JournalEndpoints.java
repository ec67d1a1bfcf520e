package dev.graphmock.admin;

import dev.graphmock.journal.Journal;
import dev.graphmock.journal.JournalEntry;
import dev.graphmock.journal.JournalFilter;
import dev.graphmock.journal.JournalJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The journal's endpoints:
 * <pre>
 * GET    /__admin/requests[?method=&amp;path=&amp;status=&amp;tenant=&amp;since=&amp;limit=]  200 {"value":[…]}, newest first
 * GET    /__admin/requests?format=har                                           the same entries as HAR 1.2
 * GET    /__admin/requests/{requestId}                                          200 one entry, or 404
 * DELETE /__admin/requests                                                      204: the journal is emptied
 * </pre>
 */
final class JournalEndpoints {
  private final Journal journal;

  JournalEndpoints(Journal journal) {
    this.journal = journal;
  }

  AdminResponse handle(AdminRequest request) {
    String rest = request.path().substring("/requests".length());
    if (rest.isEmpty() || rest.equals("/")) {
      return switch (request.method()) {
        case "GET" -> list(request);
        case "DELETE" -> {
          if (!request.parameters().isEmpty()) {
            yield AdminApi.error(400, "BadRequest", "DELETE /__admin/requests takes no parameters.", request);
          }
          journal.clear();
          yield AdminResponse.noContent();
        }
        default -> AdminApi.methodNotAllowed(request, "GET, DELETE");
      };
    }
    if (!request.method().equals("GET")) {
      return AdminApi.methodNotAllowed(request, "GET");
    }
    String requestId = rest.substring(1);
    Optional<JournalEntry> entry = journal.get(requestId);
    if (entry.isEmpty()) {
      return AdminApi.error(404, "ResourceNotFound", "The journal holds no request with id '" + requestId
          + "' (it keeps the last --journal-size requests).", request);
    }
    return new AdminResponse(200, Map.of("Content-Type", AdminApi.JSON), out -> JournalJson.one(entry.get(), out));
  }

  private AdminResponse list(AdminRequest request) {
    Map<String, String> parameters = new java.util.HashMap<>(request.parameters());
    String format = parameters.remove("format");
    if (format != null && !format.equals("har") && !format.equals("json")) {
      return AdminApi.error(400, "BadRequest", "format must be json (the default) or har, not '" + format + "'.",
          request);
    }
    Set<String> unknown = new java.util.TreeSet<>(parameters.keySet());
    unknown.removeAll(JournalFilter.PARAMETERS);
    if (!unknown.isEmpty()) {
      return AdminApi.error(400, "BadRequest", "/__admin/requests takes only format, " + String.join(", ",
          new java.util.TreeSet<>(JournalFilter.PARAMETERS)) + ", not '" + String.join("', '", unknown) + "'.",
          request);
    }
    JournalFilter filter;
    try {
      filter = JournalFilter.parse(parameters);
    } catch (IllegalArgumentException e) {
      return AdminApi.error(400, "BadRequest", e.getMessage(), request);
    }
    List<JournalEntry> entries = journal.find(filter);
    if ("har".equals(format)) {
      return new AdminResponse(200, Map.of("Content-Type", AdminApi.JSON),
          out -> JournalJson.har(entries, AdminApi.version(), out));
    }
    return new AdminResponse(200, Map.of("Content-Type", AdminApi.JSON), out -> JournalJson.page(entries, out));
  }
}
