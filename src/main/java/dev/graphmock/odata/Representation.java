package dev.graphmock.odata;

import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.prefer.Preferences;

/**
 * Whether the answer to a request carries a representation, decided from the method and the {@code return}
 * preference alone, before anything is read or written. Only such an answer has a format for the Accept header to
 * choose (RFC 9110, section 12.5.1): a format that cannot be produced is refused before a write, and an answer
 * without content is never refused for its Accept header.
 * <pre>
 * GET                                   yes   200 with the resource
 * POST                                  yes   201 with the new entity (OData 4.01 Part 1, section 11.4.2)
 * POST        return=minimal            no    204
 * PATCH, PUT                            no    204 (section 11.4.3)
 * PATCH, PUT  return=representation     yes   200 with the entity as updated
 * DELETE                                no    204 (section 11.4.5)
 * </pre>
 */
final class Representation {
  private Representation() {
  }

  /** @param preferred the {@code return} preference, or null when the request states none */
  static boolean returned(HttpMethod method, Preferences.Return preferred) {
    return switch (method) {
      case POST -> preferred != Preferences.Return.MINIMAL;
      case PATCH, PUT, MERGE -> preferred == Preferences.Return.REPRESENTATION;
      case DELETE -> false;
      case GET, HEAD -> true;
    };
  }
}
