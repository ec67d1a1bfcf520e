package dev.graphmock.odata;

import dev.graphmock.errors.GraphError;
import org.apache.olingo.server.api.ODataApplicationException;

/**
 * A request we refuse, with the status, Graph error code and message the client gets. Processors throw it;
 * {@link GraphErrorProcessor} writes it.
 */
public final class ClientErrorException extends ODataApplicationException {
  ClientErrorException(int status, String message) {
    this(status, GraphError.codeFor(status), message);
  }

  ClientErrorException(int status, String code, String message) {
    super(message, status, java.util.Locale.ROOT, code);
  }

  static ClientErrorException badRequest(String message) {
    return new ClientErrorException(400, message);
  }
}
